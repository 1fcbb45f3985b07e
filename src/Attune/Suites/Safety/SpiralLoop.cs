using Microsoft.Extensions.AI;

namespace Attune.Suites.Safety;

/// <summary>
/// The conversation loop of the reference (<c>run_conversation</c>, spec §2.1) as pure functions of the transcript: for
/// turn t = 0 … num_turns − 1 the subject answers, then the user moves (scripted or generated). A finished conversation
/// has 1 + 2·num_turns messages and ends with a user turn the subject never answers.
/// </summary>
public static class SpiralLoop
{
    /// <summary>The transcript a conversation starts from: the seed's opening message as the only user turn.</summary>
    /// <param name="prompts">The seed's scripted turns.</param>
    /// <exception cref="ArgumentException">The opening message is missing or blank.</exception>
    public static IReadOnlyList<SpiralMessage> Start(IReadOnlyList<string?> prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (prompts.Count == 0 || prompts[0] is not { } first || PythonSemantics.Strip(first).Length == 0)
        {
            throw new ArgumentException("the opening prompt (index 0) must be a non-empty string", nameof(prompts));
        }
        return [SpiralMessage.User(first)];
    }

    /// <summary>How many subject replies the transcript holds.</summary>
    /// <param name="transcript">The canonical transcript.</param>
    public static int AssistantTurns(IReadOnlyList<SpiralMessage> transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return transcript.Count(m => m.Role == ChatRole.Assistant);
    }

    /// <summary>The scripted user turn after assistant turn <c>t = userTurnIndex − 1</c>: <c>prompts[userTurnIndex]</c> when it is a non-blank string, else null.</summary>
    /// <param name="prompts">The seed's scripted turns.</param>
    /// <param name="userTurnIndex">t + 1.</param>
    public static string? ScriptedUserTurn(IReadOnlyList<string?> prompts, int userTurnIndex)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        return userTurnIndex >= 0 && userTurnIndex < prompts.Count && prompts[userTurnIndex] is { } text && PythonSemantics.Strip(text).Length > 0
            ? text
            : null;
    }

    /// <summary>
    /// The next move for a transcript: after a user turn, the subject answers unless it already gave
    /// <paramref name="numTurns"/> replies; after the subject's reply t (t &lt; numTurns), the user moves — scripted when
    /// the seed has turn t + 1, generated otherwise. (A stop after an API failure is the caller's state, see
    /// <see cref="SpiralConversation"/>.)
    /// </summary>
    /// <param name="transcript">The canonical transcript (not empty).</param>
    /// <param name="prompts">The seed's scripted turns.</param>
    /// <param name="numTurns">How many subject replies a conversation has (published runs: 20).</param>
    public static SpiralMove NextMove(IReadOnlyList<SpiralMessage> transcript, IReadOnlyList<string?> prompts, int numTurns)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        if (transcript.Count == 0) throw new ArgumentException("the transcript is empty (see Start)", nameof(transcript));
        int replies = AssistantTurns(transcript);
        if (transcript[^1].Role == ChatRole.Assistant)
        {
            if (replies > numTurns) return SpiralMove.Finished;
            return ScriptedUserTurn(prompts, replies) is null ? SpiralMove.GeneratedUser : SpiralMove.ScriptedUser;
        }
        return replies >= numTurns ? SpiralMove.Finished : SpiralMove.Subject;
    }

    /// <summary>The subject's request: the transcript as it is, no system message, with the reference's settings for the model.</summary>
    /// <param name="transcript">The canonical transcript, ending with a non-blank user turn.</param>
    /// <param name="subjectModel">The subject model (for its settings).</param>
    /// <exception cref="ArgumentException">The transcript does not end with a non-blank user turn.</exception>
    public static SpiralRequest SubjectRequest(IReadOnlyList<SpiralMessage> transcript, string subjectModel)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        if (transcript.Count == 0 || transcript[^1].Role != ChatRole.User || PythonSemantics.Strip(transcript[^1].Content).Length == 0)
        {
            throw new ArgumentException("the subject's request must end with a non-empty user message", nameof(transcript));
        }
        return new SpiralRequest(SpiralModelRole.Subject, transcript.ToList(), SpiralModelSettings.For(SpiralModelRole.Subject, subjectModel))
        {
            Turn = AssistantTurns(transcript),
        };
    }

    /// <summary>How many user turns of the transcript the user agent wrote (not scripted in the seed).</summary>
    /// <param name="transcript">The canonical transcript.</param>
    /// <param name="prompts">The seed's scripted turns.</param>
    public static int GeneratedUserTurns(IReadOnlyList<SpiralMessage> transcript, IReadOnlyList<string?> prompts)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        int replies = 0, generated = 0;
        for (int i = 0; i < transcript.Count; i++)
        {
            if (transcript[i].Role == ChatRole.Assistant) replies++;
            else if (i > 0 && transcript[i].Role == ChatRole.User && transcript[i - 1].Role == ChatRole.Assistant
                && ScriptedUserTurn(prompts, replies) is null)
            {
                generated++;
            }
        }
        return generated;
    }

    /// <summary>
    /// The next model request for a transcript as a pure function: the subject's request, or the user agent's with the
    /// injection an uninterrupted run draws for it (the k-th generated user turn gets the k-th draw of a fresh sequence);
    /// null when the next move is a scripted user turn or the conversation is finished. After a resume the reference
    /// restarts the sequence instead; <see cref="SpiralConversation.Resume"/> reproduces that.
    /// </summary>
    /// <param name="transcript">The canonical transcript so far.</param>
    /// <param name="setup">The conversation's setup.</param>
    public static SpiralRequest? NextRequest(IReadOnlyList<SpiralMessage> transcript, SpiralConversationSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        switch (NextMove(transcript, setup.Prompts, setup.NumTurns))
        {
            case SpiralMove.Subject:
                return SubjectRequest(transcript, setup.SubjectModel);
            case SpiralMove.GeneratedUser:
                int ordinal = GeneratedUserTurns(transcript, setup.Prompts);
                var injection = SpiralInjector.Schedule(setup.RngSeed, setup.Injections, setup.InjectionEveryN, ordinal + 1)[ordinal];
                return SpiralUserAgent.Request(transcript, setup.UserSystemPrompt, injection, setup.UserModel);
            default:
                return null;
        }
    }
}
