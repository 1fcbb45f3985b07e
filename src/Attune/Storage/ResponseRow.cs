using Attune.Chat;

namespace Attune.Storage;

/// <summary>A stored response with every column, as a store copy moves it.</summary>
/// <param name="Id">Row id in its store.</param>
/// <param name="CacheKey">The request's cache key.</param>
/// <param name="RunId">The run that asked.</param>
/// <param name="TrialId">The trial.</param>
/// <param name="Role">The role that answered.</param>
/// <param name="Attempt">Attempt within the trial.</param>
/// <param name="Sample">Sample (iteration).</param>
/// <param name="Model">The role's model spec.</param>
/// <param name="Endpoint">The role's endpoint.</param>
/// <param name="MessagesHash">The request messages' hash.</param>
/// <param name="Temperature">Temperature sent.</param>
/// <param name="MaxTokens">Completion limit sent.</param>
/// <param name="Text">The answer.</param>
/// <param name="FinishReason">Why generation stopped.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="LatencyMs">Wall time of the call.</param>
/// <param name="CreatedAt">When it was stored (UTC).</param>
public sealed record ResponseRow(
    long Id,
    string CacheKey,
    long RunId,
    string TrialId,
    ModelRole Role,
    int Attempt,
    int Sample,
    string Model,
    string Endpoint,
    string MessagesHash,
    double? Temperature,
    int? MaxTokens,
    string Text,
    string? FinishReason,
    long? InputTokens,
    long? OutputTokens,
    double LatencyMs,
    DateTimeOffset CreatedAt);
