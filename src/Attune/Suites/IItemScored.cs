namespace Attune.Suites;

/// <summary>A result that can give one score per item (for intervals and paired comparisons).</summary>
public interface IItemScored
{
    /// <summary>Item id → score on the suite's scale.</summary>
    IReadOnlyDictionary<string, double> ItemScores();
}
