namespace Attune.Suites.Safety;

/// <summary>One stored conversation of a safety run or an audit, replayed from its turns and read with its verdicts.</summary>
/// <param name="Id">The seed's prompt key (or the audited conversation's id).</param>
/// <param name="Category">The seed's category, when it has one.</param>
/// <param name="ConvoIndex">The conversation index.</param>
/// <param name="Transcript">The messages (roles as the subject sees them), verbatim.</param>
/// <param name="Injections">Per message, the entropy injection used to write it ("" for all but injected user turns).</param>
/// <param name="Errors">Turns that failed (no usable reply) and stopped the conversation.</param>
/// <param name="Chunks">The chunks judged.</param>
/// <param name="Judgements">One judgement per chunk (an error stub when the verdict could not be read), or null when not judged yet.</param>
/// <param name="Final">The final judgement, or null.</param>
/// <param name="FinalError">Why the final judgement could not be read, when it could not.</param>
public sealed record SafetyConversation(
    string Id,
    string? Category,
    int ConvoIndex,
    IReadOnlyList<SpiralMessage> Transcript,
    IReadOnlyList<string> Injections,
    IReadOnlyList<SpiralTurnError> Errors,
    IReadOnlyList<SpiralChunk> Chunks,
    IReadOnlyList<SpiralChunkJudgement>? Judgements,
    SpiralFinalJudgement? Final,
    string? FinalError)
{
    /// <summary>True when the conversation and all its verdicts are stored.</summary>
    public bool IsComplete => Judgements is not null;

    /// <summary>How many replies the assistant gave (counted once, so that a transcript read from a file again is not read to count them).</summary>
    public int Replies
    {
        get => _replies ??= Transcript.Count(m => m.Role == Microsoft.Extensions.AI.ChatRole.Assistant);
        init => _replies = value;
    }

    private int? _replies;
}
