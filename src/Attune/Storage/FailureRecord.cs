using Attune.Chat;

namespace Attune.Storage;

/// <summary>A failed try of a request (never a model answer), as recorded.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Role">The role whose request failed.</param>
/// <param name="TrialId">The trial, when known.</param>
/// <param name="Attempt">Attempt within the trial.</param>
/// <param name="Try">1-based try number (0: the final failure after the retries).</param>
/// <param name="Kind">Short kind (<c>rate-limited</c>, <c>server-error</c>, …).</param>
/// <param name="Message">One line without secrets.</param>
/// <param name="RetryAfterMs">The delay the server asked for, if any.</param>
public sealed record FailureRecord(long RunId, ModelRole Role, string TrialId, int Attempt, int Try, string Kind, string Message, double? RetryAfterMs);
