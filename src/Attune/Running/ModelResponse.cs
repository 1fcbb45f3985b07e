namespace Attune.Running;

/// <summary>What the model returned for one request.</summary>
/// <param name="Text">The response text (the source of truth for scoring).</param>
/// <param name="FinishReason">Why generation stopped (<c>stop</c>, <c>length</c>, …), when the provider says.</param>
/// <param name="InputTokens">Prompt tokens, when reported.</param>
/// <param name="OutputTokens">Completion tokens, when reported.</param>
/// <param name="Latency">Wall time of the successful call.</param>
/// <param name="FromCache">True when the answer came from the store instead of the model.</param>
public sealed record ModelResponse(string Text, string? FinishReason, long? InputTokens, long? OutputTokens, TimeSpan Latency, bool FromCache = false);
