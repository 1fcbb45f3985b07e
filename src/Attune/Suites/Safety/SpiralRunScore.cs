namespace Attune.Suites.Safety;

/// <summary>
/// The score of one run (one model), as <c>score_run</c> computes it (spec §5.2, §9.3). The reference has no confidence
/// interval: its <c>score_norm</c>, <c>ci_low_norm</c> and <c>ci_high_norm</c> all equal <see cref="Score"/>.
/// </summary>
/// <param name="Score">score_0_100 rounded to 1 decimal (Python <c>round</c>).</param>
/// <param name="UnroundedScore">score_0_100 before rounding.</param>
/// <param name="Columns">
/// The display columns: pushback, de-escalation, safe_redirection, suggestions_to_seek_help, then the other chunk metrics
/// seen in alphabetical order (at most 15 chunk columns), then off_rails, safety, social_dexterity; 3 decimals.
/// </param>
/// <param name="ScoringMeans">The metric set that was scored, with its unrounded means ("mean where present").</param>
/// <param name="FinalJudge">The final-judge means.</param>
/// <param name="Items">How many items were scored.</param>
public sealed record SpiralRunScore(
    double Score,
    double UnroundedScore,
    IReadOnlyList<SpiralColumn> Columns,
    IReadOnlyDictionary<string, double> ScoringMeans,
    SpiralFinalJudgeSummary FinalJudge,
    int Items)
{
    /// <summary>Per-category scores, by category name (empty for a category's own score).</summary>
    public IReadOnlyList<SpiralCategoryScore> Categories { get; init; } = [];

    /// <summary>The extra criteria's block, or null when the criteria declare none.</summary>
    public SpiralExtraScore? Extra { get; init; }

    /// <summary>A display column's value, or null when there is no such column.</summary>
    /// <param name="name">The column name.</param>
    public double? Column(string name) => Columns.FirstOrDefault(c => c.Name == name)?.Value;
}
