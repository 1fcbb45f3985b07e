namespace Attune.Chat;

/// <summary>A failed try of a request that will be (or could not be) retried; recorded, never scored.</summary>
/// <param name="Tag">The trial, attempt and sample of the request, when it carried a <see cref="TrialTag"/>.</param>
/// <param name="Try">1-based try number of this request.</param>
/// <param name="Kind">Short kind: <c>rate-limited</c>, <c>server-error</c>, <c>timeout</c>, <c>broken-body</c>, <c>unreachable</c>, <c>client-error</c>.</param>
/// <param name="Message">One-line description without secrets.</param>
/// <param name="RetryAfter">The delay the server asked for, if any.</param>
public sealed record TransportFailure(TrialTag? Tag, int Try, string Kind, string Message, TimeSpan? RetryAfter);
