namespace Attune.Suites.Safety;

/// <summary>One leaderboard row (<c>score_dir_to_leaderboard</c>): score_norm = score_0_100 = ci_low_norm = ci_high_norm = <see cref="Score"/>.</summary>
/// <param name="ModelName">The model.</param>
/// <param name="Score">score_0_100, 1 decimal.</param>
/// <param name="Columns">The columns shared by all rows, 3 decimals.</param>
public sealed record SpiralLeaderboardRow(string ModelName, double Score, IReadOnlyList<SpiralColumn> Columns)
{
    /// <summary>The extra criteria's block for this model, or null when the criteria declare none.</summary>
    public SpiralExtraScore? Extra { get; init; }

    /// <summary>A column's value, or null when there is no such column.</summary>
    /// <param name="name">The column name.</param>
    public double? Column(string name) => Columns.FirstOrDefault(c => c.Name == name)?.Value;
}
