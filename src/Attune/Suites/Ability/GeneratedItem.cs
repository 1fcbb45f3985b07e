namespace Attune.Suites.Ability;

/// <summary>A model-written item and what validation found.</summary>
/// <param name="Number">1-based position in the batch.</param>
/// <param name="Item">The parsed item, when it parsed.</param>
/// <param name="Accepted">True when every check passed.</param>
/// <param name="Reason">Why it was rejected (null when accepted).</param>
/// <param name="JudgeAnswers">Each judge's chosen letter (empty when unreadable).</param>
/// <param name="Agreement">Share of judges that chose the key.</param>
/// <param name="NearestItem">The most similar existing item and its similarity.</param>
/// <param name="Raw">The generator's raw response.</param>
public sealed record GeneratedItem(int Number, AbilityItem? Item, bool Accepted, string? Reason, IReadOnlyList<string> JudgeAnswers, double Agreement, (string Id, double Similarity)? NearestItem, string Raw);
