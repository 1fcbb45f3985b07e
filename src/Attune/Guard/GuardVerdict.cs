using Microsoft.Extensions.AI;

namespace Attune.Guard;

/// <summary>
/// The guard's verdict on one reply, attached to the response (<see cref="ChatResponse.AdditionalProperties"/>, and on
/// the last update of a stream) under <see cref="PropertyName"/>.
/// </summary>
/// <param name="Action">What the guard did.</param>
/// <param name="Policy">The policy in force.</param>
/// <param name="Assessment">The assessment that decided: the flagged one that triggered a block or regeneration, else the final one; null when the assessor failed.</param>
/// <param name="Regenerations">How many times the model was asked again.</param>
/// <param name="Assessor">The assessor's name.</param>
public sealed record GuardVerdict(GuardAction Action, GuardPolicy Policy, ReplyAssessment? Assessment, int Regenerations, string Assessor)
{
    /// <summary>The key of the verdict in a response's additional properties.</summary>
    public const string PropertyName = "attune.guard";

    /// <summary>Why the assessor failed (for <see cref="GuardAction.FailedOpen"/>/<see cref="GuardAction.FailedClosed"/>); never a secret.</summary>
    public string? Error { get; init; }

    /// <summary>The reply the user did not get (blocked or regenerated), or null.</summary>
    public string? WithheldReply { get; init; }

    /// <summary>The time the guard added to the request (assessments and regenerations; not the first model call).</summary>
    public TimeSpan Added { get; init; }

    /// <summary>True when a criterion fired on the reply that decided the verdict.</summary>
    public bool IsFlagged => Assessment?.IsFlagged == true;

    /// <summary>The verdict attached to a response, or null.</summary>
    /// <param name="response">A response from a pipeline with <see cref="ManipulationGuardChatClient"/>.</param>
    public static GuardVerdict? Of(ChatResponse response) =>
        response?.AdditionalProperties?.TryGetValue(PropertyName, out var value) == true ? value as GuardVerdict : null;

    /// <summary>The verdict attached to a streaming update (the last one of a guarded stream), or null.</summary>
    /// <param name="update">An update.</param>
    public static GuardVerdict? Of(ChatResponseUpdate update) =>
        update?.AdditionalProperties?.TryGetValue(PropertyName, out var value) == true ? value as GuardVerdict : null;

    /// <summary>A short lower-case name of the action (<c>passed</c>, <c>annotated</c>, <c>blocked</c>, <c>regenerated</c>, <c>fail-open</c>, <c>fail-closed</c>).</summary>
    public string ActionName => Action switch
    {
        GuardAction.Passed => "passed",
        GuardAction.Annotated => "annotated",
        GuardAction.Blocked => "blocked",
        GuardAction.Regenerated => "regenerated",
        GuardAction.FailedOpen => "fail-open",
        _ => "fail-closed",
    };
}
