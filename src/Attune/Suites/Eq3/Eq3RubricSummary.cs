namespace Attune.Suites.Eq3;

/// <summary>
/// The run's rubric result (§3.5): the plain mean of the task scores of every <c>rubric_scored</c> task of every
/// iteration, rounded to 2 decimals on the 0–20 scale; null with <see cref="Error"/> when nothing was scored.
/// </summary>
/// <param name="Score">The 0–20 score, rounded to 2 decimals (<c>average_rubric_score</c>), or null (<c>"N/A"</c>).</param>
/// <param name="Error">Why there is no score (<c>rubric_error</c>), or null.</param>
/// <param name="TasksConsidered">Tasks with status <c>rubric_scored</c>.</param>
/// <param name="TasksScored">Tasks that contributed a task score.</param>
public sealed record Eq3RubricSummary(double? Score, string? Error, int TasksConsidered, int TasksScored)
{
    /// <summary>The reported 0–100 score: <see cref="Score"/> × 5.</summary>
    public double? Score100 => Score * 5;
}
