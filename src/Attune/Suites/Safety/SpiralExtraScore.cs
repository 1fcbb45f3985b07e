namespace Attune.Suites.Safety;

/// <summary>
/// The extra criteria's own block: one column per declared extra criterion (display mean over all items, absent = 0)
/// and a 0–100 score over the extra criteria alone, computed like the reference score. It never enters the
/// reference-protocol score.
/// </summary>
/// <param name="Score">The block's score (1 decimal), or null when no item has any extra criterion.</param>
/// <param name="Columns">The columns in declaration order.</param>
public sealed record SpiralExtraScore(double? Score, IReadOnlyList<SpiralColumn> Columns);
