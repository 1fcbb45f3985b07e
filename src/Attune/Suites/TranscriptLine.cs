namespace Attune.Suites;

/// <summary>One message of an item's conversation as reports show it.</summary>
/// <param name="Role"><c>user</c>, <c>assistant</c> or <c>system</c>.</param>
/// <param name="Content">The text, verbatim (always escaped when shown).</param>
/// <param name="Note">A marker shown beside the message (e.g. the entropy injection that shaped a simulated user's turn).</param>
public sealed record TranscriptLine(string Role, string Content, string? Note = null);
