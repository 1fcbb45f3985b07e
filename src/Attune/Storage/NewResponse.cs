using Attune.Chat;

namespace Attune.Storage;

/// <summary>A model answer to store the moment it arrives.</summary>
/// <param name="RunId">The run that asked.</param>
/// <param name="TrialId">The trial.</param>
/// <param name="Role">The role that answered.</param>
/// <param name="Attempt">Attempt within the trial.</param>
/// <param name="Sample">Sample (iteration).</param>
/// <param name="CacheKey">The request's cache key.</param>
/// <param name="Model">The role's model spec.</param>
/// <param name="Endpoint">The role's endpoint.</param>
/// <param name="MessagesHash">SHA-256 of <paramref name="MessagesJson"/>.</param>
/// <param name="MessagesJson">The exact request messages as canonical JSON.</param>
/// <param name="Temperature">Temperature sent.</param>
/// <param name="MaxTokens">Completion limit sent.</param>
/// <param name="Text">The answer text.</param>
/// <param name="FinishReason">Why generation stopped.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="LatencyMs">Wall time of the call.</param>
/// <param name="Step">The step of the trial (empty when the suite tagged none).</param>
public sealed record NewResponse(
    long RunId,
    string TrialId,
    ModelRole Role,
    int Attempt,
    int Sample,
    string CacheKey,
    string Model,
    string Endpoint,
    string MessagesHash,
    string MessagesJson,
    double? Temperature,
    int? MaxTokens,
    string Text,
    string? FinishReason,
    long? InputTokens,
    long? OutputTokens,
    double LatencyMs,
    string Step = "");
