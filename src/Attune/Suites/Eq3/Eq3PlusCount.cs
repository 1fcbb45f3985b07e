namespace Attune.Suites.Eq3;

/// <summary>The '+' totals of one pairwise judgment, by slot, and the outcome for slot A.</summary>
/// <param name="A">Plus marks credited to <c>A0493</c>.</param>
/// <param name="B">Plus marks credited to <c>A0488</c>.</param>
/// <param name="OutcomeForA">1 if A's total is higher, 0 if lower, 0.5 if equal.</param>
public sealed record Eq3PlusCount(int A, int B, double OutcomeForA);
