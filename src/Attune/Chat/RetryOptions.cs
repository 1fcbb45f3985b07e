namespace Attune.Chat;

/// <summary>Options of <see cref="RetryingChatClient"/>: limits for retrying transport failures (429, 5xx, timeouts, broken bodies, refused connections).</summary>
public sealed class RetryOptions
{
    /// <summary>The endpoint named in error messages (never a key).</summary>
    public string Endpoint { get; set; } = "model";

    /// <summary>Called for every failed try (retried or final), e.g. to record it in the run store.</summary>
    public Action<TransportFailure>? OnFailure { get; set; }

    /// <summary>Retries after the first try of one request.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>First backoff delay; doubles on each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest backoff delay (a server's Retry-After is honoured up to <see cref="MaxRetryAfter"/>).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest Retry-After that is honoured as given.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one request may take before it is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries for a refused or unreachable endpoint before any request has succeeded (fail fast on a wrong URL).</summary>
    public int UnreachableRetries { get; set; } = 2;
}
