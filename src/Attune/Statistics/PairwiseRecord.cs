namespace Attune.Statistics;

/// <summary>
/// One direction of one pairwise judgment, as the rating solver sees it: which two models, on which item and
/// iteration, and how the judge split the plus marks (or, for old records without plus counts, the fraction).
/// </summary>
/// <param name="TestModel">The model under test in this record.</param>
/// <param name="OtherModel">Its opponent.</param>
/// <param name="Item">The item (scenario) id.</param>
/// <param name="Iteration">The iteration key, as text.</param>
/// <param name="PlusForTest">Plus marks credited to <paramref name="TestModel"/>, if recorded.</param>
/// <param name="PlusForOther">Plus marks credited to <paramref name="OtherModel"/>, if recorded.</param>
/// <param name="FractionForTest">The record's own fraction for <paramref name="TestModel"/>, used only when plus counts are missing.</param>
public sealed record PairwiseRecord(
    string TestModel,
    string OtherModel,
    string Item,
    string Iteration,
    double? PlusForTest,
    double? PlusForOther,
    double? FractionForTest = null);
