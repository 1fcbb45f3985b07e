using Attune.Chat;

namespace Attune.Storage;

/// <summary>One turn of a stored trial: which role answered which request, and what it said.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Role">The role that answered.</param>
/// <param name="Attempt">Attempt within the trial.</param>
/// <param name="Sample">Sample (iteration).</param>
/// <param name="MessagesHash">The request messages' hash (<see cref="IRunStore.GetMessagesJsonAsync"/> gives them).</param>
/// <param name="Text">The answer.</param>
/// <param name="FinishReason">Why generation stopped.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="FromCache">True when the run reused an answer stored earlier instead of asking.</param>
/// <param name="Step">The step of the trial the request was (empty when the suite tagged none).</param>
public sealed record TurnRecord(
    string TrialId,
    ModelRole Role,
    int Attempt,
    int Sample,
    string MessagesHash,
    string Text,
    string? FinishReason,
    long? InputTokens,
    long? OutputTokens,
    bool FromCache,
    string Step = "");
