using Attune.Chat;
using Microsoft.Extensions.AI;

namespace Attune.Suites.Safety;

/// <summary>
/// How the safety suite and <c>attune audit</c> send a protocol request through a trial's role clients: the reference's
/// settings as chat options (extra fields as request-body fields), a step tag per request, and the reference's retry of
/// empty or glitched replies (a new attempt, so each answer is stored).
/// </summary>
internal static class SafetyCalls
{
    /// <summary>The chat options of a protocol request's settings.</summary>
    public static ChatOptions Options(SpiralModelSettings settings)
    {
        var options = new ChatOptions
        {
            Temperature = settings.Temperature is { } t ? (float)t : null,
            MaxOutputTokens = settings.OutputTokenLimit,
        };
        if (settings.ReasoningEffort is { } effort) options = ExtraBody.With(options, "reasoning_effort", effort);
        if (settings.ExtraBodyJson is { } json && System.Text.Json.Nodes.JsonNode.Parse(json) is System.Text.Json.Nodes.JsonObject extra)
        {
            foreach (var (name, value) in extra) options = ExtraBody.With(options, name, value?.DeepClone() ?? System.Text.Json.Nodes.JsonValue.Create((string?)null)!);
        }
        return options;
    }

    /// <summary>
    /// Asks until the reply is usable (non-empty, no glitch token), at most <see cref="SafetySuiteOptions.UsableReplyAttempts"/>
    /// times; returns the reply, or null when none was usable.
    /// </summary>
    public static async Task<string?> AskAsync(ITrialContext context, ModelRole role, SpiralRequest request, string step, int sample, CancellationToken ct)
    {
        var client = context.Client(role);
        var messages = request.ToChatMessages();
        var options = Options(request.Settings);
        for (int attempt = 1; attempt <= SafetySuiteOptions.UsableReplyAttempts; attempt++)
        {
            var response = await client.GetResponseAsync(messages, context.Tag(attempt, sample, options, step), ct).ConfigureAwait(false);
            if (SpiralModelSettings.IsUsableReply(response.Text)) return response.Text;
        }
        return null;
    }

    /// <summary>The stored reply of a step: the last attempt's text, and whether any attempt was usable.</summary>
    public static (string Text, bool Usable)? Stored(IReadOnlyDictionary<string, List<Turn>> byStep, string step)
    {
        if (!byStep.TryGetValue(step, out var turns) || turns.Count == 0) return null;
        var usable = turns.Where(t => SpiralModelSettings.IsUsableReply(t.Text)).OrderBy(t => t.Attempt).FirstOrDefault();
        if (usable is not null) return (usable.Text, true);
        var last = turns.OrderBy(t => t.Attempt).Last();
        return last.Attempt >= SafetySuiteOptions.UsableReplyAttempts ? (last.Text, false) : null;
    }

    /// <summary>A transcript's turns grouped by step.</summary>
    public static Dictionary<string, List<Turn>> ByStep(Transcript? transcript)
    {
        var map = new Dictionary<string, List<Turn>>(StringComparer.Ordinal);
        if (transcript is null) return map;
        foreach (var t in transcript.Turns)
        {
            if (!map.TryGetValue(t.Step, out var list)) map[t.Step] = list = [];
            list.Add(t);
        }
        return map;
    }

    /// <summary>The step name of a conversation turn.</summary>
    public static string TurnStep(SpiralRequest request) => $"turn{request.Turn}/{(request.Role == SpiralModelRole.Subject ? "subject" : "user")}";

    /// <summary>The step name of a chunk judgement.</summary>
    public static string ChunkStep(SpiralChunk chunk) => chunk.Key;

    /// <summary>The step name of the final judgement.</summary>
    public const string FinalStep = "final";
}
