namespace Attune.Proxy;

/// <summary>The upstream failed: unreachable, timed out, a 5xx, or an unreadable body; or answered a 4xx that is passed back.</summary>
internal sealed class UpstreamException(string message, int? clientStatus = null, string? clientBody = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>A 4xx status to pass back to the caller with <see cref="ClientBody"/>; null for a failure (502).</summary>
    public int? ClientStatus { get; } = clientStatus;

    /// <summary>The upstream's body for a 4xx.</summary>
    public string? ClientBody { get; } = clientBody;
}
