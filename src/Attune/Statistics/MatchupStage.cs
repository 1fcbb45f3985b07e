namespace Attune.Statistics;

/// <summary>One stage of the matchup-selection schedule (<c>SAMPLING_SCHEDULE</c>).</summary>
/// <param name="Number">1-based stage number.</param>
/// <param name="RadiusTiers">Radius tiers searched around the test model (empty for the anchor stage 1).</param>
/// <param name="Samples">The stage's sample count: anchors in stage 1, the tier-1 target and pair cap later.</param>
public sealed record MatchupStage(int Number, IReadOnlyList<int> RadiusTiers, int Samples)
{
    /// <summary>True for stage 1, which samples anchors across the whole ladder and runs exactly one loop.</summary>
    public bool IsAnchorStage => RadiusTiers.Count == 0;
}
