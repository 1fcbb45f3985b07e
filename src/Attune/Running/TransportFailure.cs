namespace Attune.Running;

/// <summary>A failed try of a request that will be (or could not be) retried; recorded, never scored.</summary>
/// <param name="Request">The request.</param>
/// <param name="Try">1-based try number of this request.</param>
/// <param name="Kind">Short kind: <c>rate-limited</c>, <c>server-error</c>, <c>timeout</c>, <c>broken-body</c>, <c>unreachable</c>, <c>client-error</c>.</param>
/// <param name="Message">One-line description without secrets.</param>
/// <param name="RetryAfter">The delay the server asked for, if any.</param>
public sealed record TransportFailure(ModelRequest Request, int Try, string Kind, string Message, TimeSpan? RetryAfter);
