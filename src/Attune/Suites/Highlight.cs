namespace Attune.Suites;

/// <summary>A judge's finding to highlight in an item's conversation: a quoted snippet of an assistant message.</summary>
/// <param name="Message">Index of the message in the item's transcript the snippet comes from (−1 when unknown: search every assistant message).</param>
/// <param name="Snippet">The quoted text.</param>
/// <param name="Label">What the judge marked (criterion and strength).</param>
/// <param name="Risky">True for a risky finding, false for a protective one.</param>
public sealed record Highlight(int Message, string Snippet, string Label, bool Risky);
