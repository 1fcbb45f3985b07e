namespace Attune.Suites.Eq3;

/// <summary>
/// One (iteration, scenario) task as stored: what the rubric and pairwise judges read, for the model under test and
/// for opponents read from a leaderboard file.
/// </summary>
/// <param name="ScenarioId">Scenario id.</param>
/// <param name="IterationKey">Iteration key as text ("1", "2", …).</param>
/// <param name="Status">Status under the reference's names (<see cref="Eq3Status"/>).</param>
/// <param name="History">The conversation history (the debrief is not in it).</param>
/// <param name="Parsed">One parsed entry per assistant message.</param>
/// <param name="Debrief">The trimmed debrief reply, or null.</param>
/// <param name="RubricScores">All parsed rubric scores, or null.</param>
public sealed record Eq3Task(
    string ScenarioId,
    string IterationKey,
    string Status,
    IReadOnlyList<Eq3Message> History,
    IReadOnlyList<Eq3ParsedReply> Parsed,
    string? Debrief,
    IReadOnlyDictionary<string, double>? RubricScores = null)
{
    /// <summary>The scenario kind (by default from the id, as the reference decides; a data file's <c>kind:</c> line wins).</summary>
    public Eq3ScenarioKind Kind { get; init; } = Eq3Scenario.KindOf(ScenarioId);
}
