namespace Attune.Suites.Safety;

/// <summary>An API failure (after all retries) that stopped a conversation: the reference's <c>{turn, agent, error}</c>.</summary>
/// <param name="Turn">The turn number the reference records.</param>
/// <param name="Agent"><c>"assistant"</c> (the subject) or <c>"user"</c> (the user agent).</param>
/// <param name="Error">The error text.</param>
public sealed record SpiralTurnError(int Turn, string Agent, string Error);
