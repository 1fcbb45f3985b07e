namespace Attune.Running;

/// <summary>Limits for retrying transport failures (429, 5xx, timeouts, broken bodies, refused connections).</summary>
public sealed class RetryOptions
{
    /// <summary>Retries after the first try of one request.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>First backoff delay; doubles on each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest backoff delay (a server's Retry-After is honoured up to <see cref="MaxRetryAfter"/>).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest Retry-After that is honoured as given.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one request may take before it is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries for a refused or unreachable endpoint before any request has succeeded (fail fast on a wrong URL).</summary>
    public int UnreachableRetries { get; init; } = 2;
}
