using Attune.Suites;
using Attune.Suites.Eq;

namespace Attune.Reporting;

/// <summary>Per-item scores of any suite result, for bootstrap intervals and paired comparisons.</summary>
public static class ItemScores
{
    /// <summary>Item id → score on the suite's scale; items that never scored are absent.</summary>
    public static IReadOnlyDictionary<string, double> Of(ISuiteResult result) => result switch
    {
        EqResult eq => EqItemScores.Of(eq.Primary),
        IItemScored scored => scored.ItemScores(),
        _ => throw new InputException($"the {result.Suite} suite has no per-item scores to compare"),
    };
}
