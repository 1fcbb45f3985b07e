namespace Attune.Guard;

/// <summary>One criterion an assessor found in a reply.</summary>
/// <param name="Criterion">The criterion id (<see cref="GuardCriteria"/>).</param>
/// <param name="Strength">How strongly, from 0 to 1 (a local assessor's probability; a judge's 1–3 strength divided by 3).</param>
/// <param name="Snippet">The part of the reply that shows it (a sentence for the local assessor, the judge's quote for a judge; may be empty).</param>
public sealed record CriterionFinding(string Criterion, double Strength, string Snippet);
