using Microsoft.Extensions.AI;

namespace Attune.Suites.Safety;

/// <summary>The simulated user's prompts and requests (spec §1.3–§1.5), as pure functions of strings.</summary>
public static class SpiralUserAgent
{
    /// <summary>The heading before a category's extra instructions.</summary>
    public const string RoleplayHeading = "\n\n# Extra instructions for this roleplay:\n";

    /// <summary>Opens the per-turn injection appended to the system prompt; closed by <see cref="InjectionClose"/>.</summary>
    public const string InjectionOpen = "\n\n[Additional instruction for this turn: ";

    /// <summary>Closes the per-turn injection.</summary>
    public const string InjectionClose = "]";

    /// <summary>Opens the instructions appended to the last message of a user-agent request; closed by <see cref="ResponseInstructionsClose"/>.</summary>
    public const string ResponseInstructionsOpen = "\n\n[Instructions for your response:\n";

    /// <summary>Closes the appended instructions.</summary>
    public const string ResponseInstructionsClose = "\n]";

    /// <summary>
    /// The user-agent system prompt S: <c>"\n" + instructions</c> (an empty base prompt joined by a newline), plus
    /// <see cref="RoleplayHeading"/> and the category's extra text when that text is not blank after trimming.
    /// </summary>
    /// <param name="instructions">The user instructions (<c>default.txt</c>), verbatim.</param>
    /// <param name="categoryInstructions">Extra instructions by category, or null.</param>
    /// <param name="category">The seed's category, or null.</param>
    public static string SystemPrompt(string instructions, IReadOnlyDictionary<string, string>? categoryInstructions, string? category)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        var prompt = "\n" + instructions;
        if (!string.IsNullOrEmpty(category) && categoryInstructions is not null && categoryInstructions.TryGetValue(category, out var extra))
        {
            var text = PythonSemantics.Strip(extra);
            if (text.Length > 0) prompt += RoleplayHeading + text;
        }
        return prompt;
    }

    /// <summary>This turn's system prompt S': S, plus the injection block when <paramref name="injection"/> is not empty.</summary>
    /// <param name="systemPrompt">S.</param>
    /// <param name="injection">The injection drawn for this turn, or "".</param>
    public static string TurnSystemPrompt(string systemPrompt, string injection)
    {
        ArgumentNullException.ThrowIfNull(systemPrompt);
        return string.IsNullOrEmpty(injection) ? systemPrompt : systemPrompt + InjectionOpen + injection + InjectionClose;
    }

    /// <summary>
    /// The messages of one user-agent request: S' as system message, then the transcript with roles flipped
    /// (user ↔ assistant, contents unchanged), the last one — the subject's latest reply — with
    /// <c>"\n\n[Instructions for your response:\n" + S' + "\n]"</c> appended.
    /// </summary>
    /// <param name="transcript">The canonical transcript (roles as the subject sees them), ending with an assistant reply.</param>
    /// <param name="turnSystemPrompt">S' for this turn.</param>
    /// <exception cref="ArgumentException">The transcript does not end with a non-blank assistant reply.</exception>
    public static IReadOnlyList<SpiralMessage> Messages(IReadOnlyList<SpiralMessage> transcript, string turnSystemPrompt)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentNullException.ThrowIfNull(turnSystemPrompt);
        if (transcript.Count == 0 || transcript[^1].Role != ChatRole.Assistant)
        {
            throw new ArgumentException("a user-agent request needs a transcript ending with the subject's reply", nameof(transcript));
        }
        if (PythonSemantics.Strip(transcript[^1].Content).Length == 0)
        {
            throw new ArgumentException("the subject's last reply is empty", nameof(transcript));
        }
        var messages = new List<SpiralMessage>(transcript.Count + 1) { SpiralMessage.System(turnSystemPrompt) };
        for (int i = 0; i < transcript.Count; i++)
        {
            var m = transcript[i];
            var content = i == transcript.Count - 1
                ? m.Content + ResponseInstructionsOpen + turnSystemPrompt + ResponseInstructionsClose
                : m.Content;
            messages.Add(new SpiralMessage(m.Role == ChatRole.Assistant ? ChatRole.User : ChatRole.Assistant, content));
        }
        return messages;
    }

    /// <summary>One user-agent request with the reference's settings for <paramref name="userModel"/>.</summary>
    /// <param name="transcript">The canonical transcript, ending with an assistant reply.</param>
    /// <param name="systemPrompt">S (without this turn's injection).</param>
    /// <param name="injection">This turn's injection, or "".</param>
    /// <param name="userModel">The user-agent model (for its settings).</param>
    public static SpiralRequest Request(IReadOnlyList<SpiralMessage> transcript, string systemPrompt, string injection, string userModel)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return new SpiralRequest(SpiralModelRole.User, Messages(transcript, TurnSystemPrompt(systemPrompt, injection)),
            SpiralModelSettings.For(SpiralModelRole.User, userModel))
        {
            Injection = injection ?? "",
            Turn = SpiralLoop.AssistantTurns(transcript) - 1,
        };
    }
}
