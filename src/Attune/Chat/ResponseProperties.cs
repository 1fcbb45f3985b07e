using Microsoft.Extensions.AI;

namespace Attune.Chat;

/// <summary>
/// What Attune's middleware notes on a <see cref="ChatResponse"/> (in its additional properties): whether it came from
/// the run store instead of the model, and the wall time of the call that produced it.
/// </summary>
public static class ResponseProperties
{
    private const string FromCacheKey = "attune.fromCache";
    private const string LatencyKey = "attune.latencyMs";

    /// <summary>True when the response was served from the store (the model was not asked).</summary>
    public static bool IsFromCache(ChatResponse response) => response.AdditionalProperties?.TryGetValue(FromCacheKey, out var v) == true && v is true;

    /// <summary>Marks a response as served from the store.</summary>
    public static void SetFromCache(ChatResponse response) => (response.AdditionalProperties ??= [])[FromCacheKey] = true;

    /// <summary>The wall time of the call that produced the response, or zero when unknown.</summary>
    public static TimeSpan Latency(ChatResponse response)
        => response.AdditionalProperties?.TryGetValue(LatencyKey, out var v) == true && v is double ms ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero;

    /// <summary>Records the wall time of the call that produced the response.</summary>
    public static void SetLatency(ChatResponse response, TimeSpan latency) => (response.AdditionalProperties ??= [])[LatencyKey] = latency.TotalMilliseconds;
}
