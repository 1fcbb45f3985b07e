namespace Attune.Storage;

/// <summary>One raw model response as stored, the source of truth for scoring.</summary>
/// <param name="Id">Row id.</param>
/// <param name="CacheKey">The request's cache key.</param>
/// <param name="Text">Response text.</param>
/// <param name="FinishReason">Finish reason.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="LatencyMs">Latency in milliseconds.</param>
public sealed record StoredResponse(long Id, string CacheKey, string Text, string? FinishReason, long? InputTokens, long? OutputTokens, double LatencyMs);
