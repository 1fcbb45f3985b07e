using System.Text.Json.Nodes;
using Attune.Statistics;
using Attune.Text;
using Microsoft.Extensions.AI;

namespace Attune.Suites.Eq3;

/// <summary>
/// Pairwise judging (§4): the anonymised prompt for one direction of a logical pair, '+' counting, the analysis
/// downscale and the per-direction record. Both orders are judged; they are pooled only by the rating solver.
/// </summary>
public static class Eq3Pairwise
{
    /// <summary>The code of slot A.</summary>
    public const string SlotA = "A0493";

    /// <summary>The code of slot B.</summary>
    public const string SlotB = "A0488";

    /// <summary>The error text of a record whose judge reply held no usable JSON object.</summary>
    public const string NoJsonError = "Judge Error: No valid JSON block found";

    private const int RawLimit = 4000;
    private const int DebriefLimit = 4000;
    private const int AnalysisLimit = 6000;

    private static readonly Dictionary<string, int> RolePlayLimits = new(StringComparer.Ordinal)
    {
        ["thinking_feeling"] = 2200, ["their_thinking_feeling"] = 1600, ["response"] = 1600,
    };

    private static readonly Dictionary<string, int> DraftingLimits = new(StringComparer.Ordinal)
    {
        ["perspective_taking"] = 2200, ["draft_brainstorming"] = 1600, ["draft"] = 1600,
    };

    /// <summary>
    /// One side's conversation for the role-play/drafting prompt (<c>format_conversation_history</c>): each assistant
    /// message rendered from its parsed entry with every section cut to its limit (2200/1600/1600 code points, then
    /// <c>... [truncated]</c>) and the items joined by blank lines, or from the raw text cut to 4000 when it has no parsed
    /// entry (6000 for analysis); user messages as stored; then <c>*</c> and <c>#</c> deleted and each entry written as
    /// <c>&lt;Role&gt;:\n&lt;content&gt;\n---</c>, entries joined with <c>\n</c>.
    /// </summary>
    /// <param name="kind">The scenario kind.</param>
    /// <param name="history">The conversation history.</param>
    /// <param name="parsed">The parsed entries.</param>
    public static string FormatHistory(Eq3ScenarioKind kind, IReadOnlyList<Eq3Message> history, IReadOnlyList<Eq3ParsedReply> parsed)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(parsed);
        bool rawKind = kind is Eq3ScenarioKind.NoRolePlay or Eq3ScenarioKind.Analysis;
        var entries = new List<string>();
        int index = 0;
        foreach (var msg in history)
        {
            string role = Capitalize(msg.Role);
            string content = msg.Content;
            if (role.Equals("assistant", StringComparison.OrdinalIgnoreCase))
            {
                if (!rawKind && index < parsed.Count)
                {
                    content = RenderTruncated(kind == Eq3ScenarioKind.Drafting ? DraftingLimits : RolePlayLimits, parsed[index]);
                    index++;
                }
                else
                {
                    content = PythonText.Truncate(content, kind == Eq3ScenarioKind.Analysis ? AnalysisLimit : RawLimit);
                    if (index < parsed.Count) index++;
                }
            }
            content = StripMarkup(content);
            entries.Add(role + ":\n" + content + "\n---");
        }
        return string.Join("\n", entries);
    }

    private static string RenderTruncated(Dictionary<string, int> limits, Eq3ParsedReply parsed)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, text) in parsed.Sections)
            if (limits.TryGetValue(name, out int limit)) sections[name] = text.Length > 0 ? PythonText.Truncate(text, limit) : text;
        string S(string name) => sections.TryGetValue(name, out var v) ? v : "";
        return limits.ContainsKey("thinking_feeling")
            ? string.Join("\n\n", "# I'm thinking & feeling", S("thinking_feeling"), "# They're thinking & feeling", S("their_thinking_feeling"), "# My response", S("response"), "--")
            : string.Join("\n\n", "# Perspective-taking", S("perspective_taking"), "# Draft brainstorming", S("draft_brainstorming"), "# Draft", S("draft"), "--");
    }

    private static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    private static string StripMarkup(string s) => s.Replace("*", "", StringComparison.Ordinal).Replace("#", "", StringComparison.Ordinal);

    /// <summary>
    /// One side's debrief: <c>*</c> and <c>#</c> deleted, cut to 4000 code points (+ <c>... [truncated]</c>); an empty or
    /// missing debrief becomes <c>[No Debrief Provided]</c>.
    /// </summary>
    /// <param name="debrief">The stored debrief.</param>
    public static string FormatDebrief(string? debrief)
    {
        if (string.IsNullOrEmpty(debrief)) return "[No Debrief Provided]";
        return PythonText.Truncate(StripMarkup(debrief), DebriefLimit);
    }

    /// <summary>
    /// The judge prompt for one direction: <paramref name="slotA"/>'s transcript as <c>A0493</c>, <paramref name="slotB"/>'s
    /// as <c>A0488</c>; model names never appear. Role-play and drafting fill <c>pairwise_prompt_eqbench3.txt</c> by plain
    /// sequential replacement (scenario description, notes, history A, history B, debrief A, debrief B; each on the text so
    /// far, so a placeholder inside a reply is substituted again). Analysis fills
    /// <c>pairwise_prompt_eqbench3_analysis.txt</c>: notes, then the scenario's prompt 1 as parsed (not template-wrapped,
    /// <c>*</c>/<c>#</c> kept), then each side's first assistant message with <c>*</c>/<c>#</c> deleted and cut to 6000.
    /// </summary>
    /// <param name="data">The data folder.</param>
    /// <param name="scenarioId">The scenario id.</param>
    /// <param name="slotA">The task shown as <c>A0493</c>.</param>
    /// <param name="slotB">The task shown as <c>A0488</c>.</param>
    public static string BuildPrompt(Eq3Data data, string scenarioId, Eq3Task slotA, Eq3Task slotB)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(slotA);
        ArgumentNullException.ThrowIfNull(slotB);
        var kind = data.Find(scenarioId)?.Kind ?? Eq3Scenario.KindOf(scenarioId);
        bool analysis = kind == Eq3ScenarioKind.Analysis;
        string description = data.Find(scenarioId)?.Prompts[0] ?? "Scenario description not found.";
        string prompt = analysis ? data.PairwisePromptAnalysis : data.PairwisePrompt;
        prompt = prompt.Replace("{scenario_description}", description, StringComparison.Ordinal);
        prompt = prompt.Replace("{scenario_notes}", data.NoteFor(scenarioId), StringComparison.Ordinal);
        prompt = prompt.Replace("{conversation_history_A}", FormatHistory(kind, slotA.History, slotA.Parsed), StringComparison.Ordinal);
        prompt = prompt.Replace("{conversation_history_B}", FormatHistory(kind, slotB.History, slotB.Parsed), StringComparison.Ordinal);
        if (!analysis)
        {
            prompt = prompt.Replace("{debrief_A}", FormatDebrief(slotA.Debrief), StringComparison.Ordinal);
            return prompt.Replace("{debrief_B}", FormatDebrief(slotB.Debrief), StringComparison.Ordinal);
        }
        prompt = prompt.Replace("{transcript_being_analysed}", PythonText.Strip(description), StringComparison.Ordinal);
        prompt = prompt.Replace("{response_A}", AnalysisResponse(slotA), StringComparison.Ordinal);
        return prompt.Replace("{response_B}", AnalysisResponse(slotB), StringComparison.Ordinal);
    }

    private static string AnalysisResponse(Eq3Task task)
    {
        var raw = StripMarkup(task.History.FirstOrDefault(m => m.Role == Eq3Message.Assistant)?.Content ?? "");
        if (raw.Length == 0 && task.Parsed.Count > 0) raw = task.Parsed[0].Raw;
        return PythonText.Truncate(raw, AnalysisLimit);
    }

    /// <summary>The judge call for one direction: one user message, temperature 0, 8000 tokens.</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="scenarioId">The scenario id.</param>
    /// <param name="slotA">The task shown as <c>A0493</c>.</param>
    /// <param name="slotB">The task shown as <c>A0488</c>.</param>
    /// <param name="endpointUrl">The judge's chat-completions URL, if known.</param>
    /// <param name="modelId">The judge's API model id, if known.</param>
    public static Eq3Request Request(Eq3Data data, string scenarioId, Eq3Task slotA, Eq3Task slotB, string? endpointUrl = null, string? modelId = null) =>
        new(Eq3CallKind.PairwiseJudge, -1,
            Eq3Generation.WithSystemMessage([new ChatMessage(ChatRole.User, BuildPrompt(data, scenarioId, slotA, slotB))], endpointUrl, modelId),
            Eq3Sampling.For(Eq3CallKind.PairwiseJudge, endpointUrl, modelId));

    /// <summary>
    /// '+' counting (§4.4): for every key except <c>chain_of_thought_reasoning</c> whose value is a string, its '+'
    /// count goes to A if it contains <c>A0493</c> (case-sensitive), else to B if it contains <c>A0488</c>.
    /// </summary>
    /// <param name="judgment">The judge's object.</param>
    public static Eq3PlusCount CountPluses(JsonObject judgment)
    {
        ArgumentNullException.ThrowIfNull(judgment);
        int a = 0, b = 0;
        foreach (var (key, value) in judgment)
        {
            if (key == "chain_of_thought_reasoning") continue;
            if (value is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String) continue;
            var text = v.GetValue<string>();
            int pluses = text.Count(c => c == '+');
            if (text.Contains(SlotA, StringComparison.Ordinal)) a += pluses;
            else if (text.Contains(SlotB, StringComparison.Ordinal)) b += pluses;
        }
        return new Eq3PlusCount(a, b, a > b ? 1.0 : b > a ? 0.0 : 0.5);
    }

    /// <summary>
    /// Turns one judge reply into the stored record: the judgment mapped back to the test model (reversed: slot B is the
    /// test model and the outcome flips), the analysis downscale for ids whose integer value is ≥ 400, and the margin
    /// fraction; or an error record when the reply holds no non-empty JSON object (or the object has an <c>error</c> key,
    /// as the reference treats it).
    /// </summary>
    /// <param name="scenarioId">The scenario id.</param>
    /// <param name="testModel">The model under test.</param>
    /// <param name="otherModel">The opponent.</param>
    /// <param name="iterationKey">The shared iteration key.</param>
    /// <param name="order">Which slot the test model had.</param>
    /// <param name="judgeReply">The judge's reply text.</param>
    /// <param name="test">The test model's task (for response lengths).</param>
    /// <param name="other">The opponent's task.</param>
    public static Eq3Comparison Judge(string scenarioId, string testModel, string otherModel, string iterationKey, Eq3PairwiseOrder order, string? judgeReply, Eq3Task test, Eq3Task other)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(other);
        var judgment = JsonExtraction.ExtractObject(judgeReply);
        if (judgment is null || judgment.Count == 0)
            return Failed(scenarioId, testModel, otherModel, iterationKey, order, NoJsonError, judgeReply ?? "");
        if (judgment.ContainsKey("error"))
            return Failed(scenarioId, testModel, otherModel, iterationKey, order, "Judge Error: " + PythonJson.Str(judgment["error"]),
                judgment.TryGetPropertyValue("raw_response", out var raw) ? PythonJson.Str(raw) : "");
        return Score(new Eq3Comparison(scenarioId, testModel, otherModel, iterationKey, order, judgment, null, null, null, null, null, null, null,
            AverageLength(test.History), AverageLength(other.History)), test.Kind == Eq3ScenarioKind.Analysis);
    }

    /// <summary>An error record (API failure or unusable reply): stored, never rated, re-judged by a later run.</summary>
    /// <param name="scenarioId">The scenario id.</param>
    /// <param name="testModel">The model under test.</param>
    /// <param name="otherModel">The opponent.</param>
    /// <param name="iterationKey">The shared iteration key.</param>
    /// <param name="order">The direction.</param>
    /// <param name="error">The error text, e.g. <c>Judge Error: API call failed: …</c>.</param>
    /// <param name="rawJudgeResponse">The judge's raw reply, if any.</param>
    public static Eq3Comparison Failed(string scenarioId, string testModel, string otherModel, string iterationKey, Eq3PairwiseOrder order, string error, string rawJudgeResponse = "") =>
        new(scenarioId, testModel, otherModel, iterationKey, order, null, null, null, null, null, null, null, null, null, null, error, rawJudgeResponse);

    /// <summary>
    /// Recomputes a stored judgment's counts and fraction from its <c>judge_response</c> and order (done to every stored
    /// comparison at the start of an Elo run, so rule changes reach old data). Error records and records without a
    /// judge response are returned unchanged.
    /// </summary>
    /// <param name="comparison">The stored record.</param>
    /// <param name="isAnalysis">Whether a scenario is an analysis scenario (its pluses are downscaled to the smallest
    /// margin); by default the reference's rule, any id whose integer value is at least 400, which holds for the reference
    /// data but not for item sets that mark their kinds (Attune's own scenarios).</param>
    public static Eq3Comparison Recompute(Eq3Comparison comparison, Func<string, bool>? isAnalysis = null)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        if (comparison.IsError || comparison.JudgeResponse is null) return comparison;
        return Score(comparison, isAnalysis?.Invoke(comparison.ScenarioId) ?? (PythonInt(comparison.ScenarioId) is long id && id >= 400));
    }

    private static Eq3Comparison Score(Eq3Comparison c, bool analysis)
    {
        var count = CountPluses(c.JudgeResponse!);
        double outcome, plusTest, plusOther;
        if (c.Order == Eq3PairwiseOrder.Forward)
        {
            (outcome, plusTest, plusOther) = (count.OutcomeForA, count.A, count.B);
        }
        else
        {
            outcome = count.OutcomeForA == 1.0 ? 0.0 : count.OutcomeForA == 0.0 ? 1.0 : 0.5;
            (plusTest, plusOther) = (count.B, count.A);
        }
        if (analysis)
            (plusTest, plusOther) = outcome == 1.0 ? (1, 0) : outcome == 0.0 ? (0, 1) : (0, 0);
        var margin = MarginFraction.Compute(outcome, plusTest, plusOther);
        return c with
        {
            OutcomeForTest = outcome,
            PlusForTest = plusTest,
            PlusForOther = plusOther,
            PlusDiff = margin.Difference,
            PlusDiffNormalized = margin.Normalized,
            PlusDiffBlended = margin.Blended,
            FractionForTest = margin.Fraction,
        };
    }

    private static double AverageLength(IReadOnlyList<Eq3Message> history)
    {
        var lengths = history.Where(m => m.Role == Eq3Message.Assistant).Select(m => PythonText.Length(m.Content)).ToList();
        return lengths.Sum() / (double)Math.Max(1, lengths.Count);
    }

    /// <summary>Python's <c>int(s)</c> for a scenario id (whitespace, sign, Unicode digits, single underscores), or null where it raises.</summary>
    internal static long? PythonInt(string s)
    {
        var t = PythonText.Strip(s);
        int i = 0;
        bool negative = false;
        if (i < t.Length && t[i] is '+' or '-') { negative = t[i] == '-'; i++; }
        if (i >= t.Length) return null;
        long value = 0;
        bool lastDigit = false;
        for (; i < t.Length; i++)
        {
            char ch = t[i];
            if (ch == '_' && lastDigit && i + 1 < t.Length) { lastDigit = false; continue; }
            if (!char.IsDigit(ch)) return null;
            int d = (int)char.GetNumericValue(ch);
            if (value > (long.MaxValue - d) / 10) return long.MaxValue;
            value = value * 10 + d;
            lastDigit = true;
        }
        return lastDigit ? (negative ? -value : value) : null;
    }
}
