using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Attune.Statistics;
using Attune.Text;
using Microsoft.Extensions.AI;

namespace Attune.Suites.Eq3;

/// <summary>
/// Rubric scoring (§3): the judge prompt for one task, parsing and coercing the judge's scores, the task score and the
/// run score.
/// </summary>
public static partial class Eq3Rubric
{
    /// <summary>The task's <c>rubric_run_error</c> when the judge's reply yields no score.</summary>
    public const string ParseFailure = "Failed to parse scores";

    /// <summary>The criteria that count for role-play, drafting and no-role-play tasks (in practice the six qualitative ones).</summary>
    public static IReadOnlySet<string> StandardScoredCriteria { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "demonstrated_empathy", "pragmatic_ei", "depth_of_insight", "social_dexterity", "emotional_reasoning",
        "message_tailoring", "theory_of_mind", "subtext_identification", "intellectual_grounding", "correctness",
    };

    [GeneratedRegex(@"(?<![" + PythonText.Word + @"])(\p{Nd}+(\.\p{Nd}+)?)(?![" + PythonText.Word + "])")]
    private static partial Regex NumberInText();

    /// <summary>
    /// The <c>{output_format}</c> text: a JSON object serialised with a 2-space indent (first key
    /// <c>chain_of_thought_reasoning</c>, then each criterion with value 0) in which every <c>": 0"</c> became
    /// <c>": 0-20"</c>. 554 characters for the 18 standard criteria.
    /// </summary>
    /// <param name="criteria">Criterion keys in file order.</param>
    public static string OutputFormat(IReadOnlyList<string> criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var entries = new OrderedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["chain_of_thought_reasoning"] = JsonString("detailed chain of thought reasoning about the coming scoring decisions"),
        };
        foreach (var c in criteria) entries[c] = "0";
        var body = string.Join(",\n", entries.Select(e => "  " + JsonString(e.Key) + ": " + e.Value));
        return ("{\n" + body + "\n}").Replace(": 0", ": 0-20", StringComparison.Ordinal);
    }

    private static string JsonString(string s)
    {
        // Python json.dumps with ensure_ascii=True.
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>
    /// The transcript the rubric judge reads: one part per history message, <c>&lt;Label&gt;:\n&lt;content&gt;\n</c>,
    /// joined with <c>---\n</c>. User turns as stored; role-play and drafting assistant turns as their parsed sections
    /// under straight-apostrophe headers (the raw reply when a turn has no parsed entry); other kinds raw.
    /// </summary>
    /// <param name="task">The task.</param>
    public static string Transcript(Eq3Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var parts = new List<string>();
        int assistant = 0;
        foreach (var msg in task.History)
        {
            bool user = msg.Role == Eq3Message.User;
            string content;
            if (user)
            {
                content = msg.Content;
            }
            else
            {
                content = task.Kind is Eq3ScenarioKind.RolePlay or Eq3ScenarioKind.Drafting && assistant < task.Parsed.Count
                    ? RenderSections(task.Parsed[assistant])
                    : msg.Content;
                assistant++;
            }
            parts.Add((user ? "User" : "Assistant") + ":\n" + content + "\n");
        }
        return string.Join("---\n", parts);
    }

    private static string RenderSections(Eq3ParsedReply parsed)
    {
        // The reference picks the layout by which keys the entry has; an entry with neither joins its known non-empty sections.
        if (parsed.Sections.ContainsKey("thinking_feeling"))
            return string.Join("\n", "# I'm thinking & feeling", parsed.Section("thinking_feeling"), "\n# They're thinking & feeling",
                parsed.Section("their_thinking_feeling"), "\n# My response", parsed.Section("response"), "\n--");
        if (parsed.Sections.ContainsKey("perspective_taking"))
            return string.Join("\n", "# Perspective-taking", parsed.Section("perspective_taking"), "\n# Draft brainstorming",
                parsed.Section("draft_brainstorming"), "\n# Draft", parsed.Section("draft"), "\n--");
        var known = Eq3Generation.RolePlaySections.Concat(Eq3Generation.DraftingSections).ToHashSet(StringComparer.Ordinal);
        return string.Join("\n\n", parsed.Sections.Where(kv => known.Contains(kv.Key) && kv.Value.Length > 0).Select(kv => kv.Value));
    }

    /// <summary>
    /// Whether a task is rubric-judged now (§3.1): role-play and drafting tasks in <c>completed</c>, analysis tasks in
    /// <c>scenario_completed</c>, and only if they pass the eligibility gate (<see cref="Eq3Generation.HasEnoughResponse"/>).
    /// </summary>
    /// <param name="task">The task.</param>
    public static bool ShouldScore(Eq3Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Status == Eq3Status.ReadyForRubric(task.Kind) && Eq3Generation.HasEnoughResponse(task.History);
    }

    /// <summary>
    /// The rubric judge's prompt (§3.2): the kind's template filled with the transcript, the debrief (role-play and
    /// drafting) and the output format, then every <c>*</c> and <c>#</c> deleted from the whole text.
    /// </summary>
    /// <param name="data">The data folder.</param>
    /// <param name="task">The task.</param>
    /// <exception cref="InvalidOperationException">
    /// The prompt cannot be built; the message is the reference's <c>rubric_run_error</c> (<c>History missing.</c> or
    /// <c>Debrief missing.</c>) and the task goes to <c>error</c>.
    /// </exception>
    public static string BuildPrompt(Eq3Data data, Eq3Task task)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(task);
        bool analysis = task.Kind == Eq3ScenarioKind.Analysis;
        if (task.History.Count == 0) throw new InvalidOperationException("History missing.");
        if (!analysis && task.Debrief is null) throw new InvalidOperationException("Debrief missing.");
        string transcript = Transcript(task);
        string filled = analysis
            ? Eq3Template.Fill(data.RubricPromptAnalysis, ("transcript", transcript), ("output_format", OutputFormat(data.RubricCriteriaAnalysis)))
            : Eq3Template.Fill(data.RubricPrompt, ("transcript", transcript), ("debrief", task.Debrief ?? ""), ("output_format", OutputFormat(data.RubricCriteria)));
        return filled.Replace("*", "", StringComparison.Ordinal).Replace("#", "", StringComparison.Ordinal);
    }

    /// <summary>The rubric judge call: one user message with <see cref="BuildPrompt"/>, temperature 0, 8000 tokens.</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="task">The task.</param>
    /// <param name="endpointUrl">The judge's chat-completions URL, if known.</param>
    /// <param name="modelId">The judge's API model id, if known.</param>
    public static Eq3Request Request(Eq3Data data, Eq3Task task, string? endpointUrl = null, string? modelId = null) =>
        new(Eq3CallKind.RubricJudge, -1,
            Eq3Generation.WithSystemMessage([new ChatMessage(ChatRole.User, BuildPrompt(data, task))], endpointUrl, modelId),
            Eq3Sampling.For(Eq3CallKind.RubricJudge, endpointUrl, modelId));

    /// <summary>
    /// Parses and coerces the judge's scores (§3.3, §3.4): numbers as they are (true/false as 1/0), other values except
    /// <c>chain_of_thought_reasoning</c> through the first digit run of their Python text (<c>"12/20"</c> → 12,
    /// <c>"-7"</c> → 7, <c>[12, 18]</c> → 12, <c>"N/A"</c> or null skipped). Null when the reply has no JSON object, the
    /// object is empty, or no score results: the task then goes to <c>error</c> with <see cref="ParseFailure"/>; a parse
    /// failure is never a zero.
    /// </summary>
    /// <param name="judgeReply">The judge's reply (trimmed, as stored in <c>raw_rubric_judge_text</c>).</param>
    public static IReadOnlyDictionary<string, double>? ParseScores(string? judgeReply)
    {
        var obj = JsonExtraction.ExtractObject(judgeReply);
        if (obj is null || obj.Count == 0) return null;
        var scores = new OrderedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (TryNumber(value, out var number))
            {
                scores[key] = number;
            }
            else if (key != "chain_of_thought_reasoning")
            {
                var m = NumberInText().Match(PythonJson.Str(value));
                if (m.Success) scores[key] = ParseUnicodeDecimal(m.Groups[1].Value);
            }
        }
        return scores.Count == 0 ? null : scores;
    }

    private static bool TryNumber(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v) return false;
        switch (v.GetValueKind())
        {
            case System.Text.Json.JsonValueKind.True: value = 1.0; return true;
            case System.Text.Json.JsonValueKind.False: value = 0.0; return true;
            case System.Text.Json.JsonValueKind.Number:
                value = v.TryGetValue<long>(out var l) ? l : v.GetValue<double>();
                return true;
            default: return false;
        }
    }

    private static double ParseUnicodeDecimal(string digits)
    {
        var sb = new StringBuilder(digits.Length);
        foreach (char c in digits) sb.Append(c == '.' ? '.' : (char)('0' + (int)char.GetNumericValue(c)));
        return double.Parse(sb.ToString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A task's score (§3.5): the exact mean of the parsed scores whose key (case-sensitive) is in the kind's scored set:
    /// <see cref="StandardScoredCriteria"/> for role-play, drafting and no-role-play, the analysis criteria for analysis.
    /// Null when no such key is present (the task then contributes nothing). The quantitative criteria are never used.
    /// </summary>
    /// <param name="kind">The scenario kind.</param>
    /// <param name="scores">The parsed scores.</param>
    /// <param name="analysisCriteria">The analysis criteria (<see cref="Eq3Data.RubricCriteriaAnalysis"/>).</param>
    public static double? TaskScore(Eq3ScenarioKind kind, IReadOnlyDictionary<string, double>? scores, IReadOnlyCollection<string> analysisCriteria)
    {
        ArgumentNullException.ThrowIfNull(analysisCriteria);
        if (scores is null || scores.Count == 0) return null;
        var values = scores.Where(kv => kind == Eq3ScenarioKind.Analysis ? analysisCriteria.Contains(kv.Key) : StandardScoredCriteria.Contains(kv.Key))
            .Select(kv => kv.Value).ToList();
        return values.Count == 0 ? null : PythonFloat.Mean(values);
    }

    /// <summary>
    /// The run's rubric score (§3.5): the plain mean of the task scores of all <c>rubric_scored</c> tasks, pooled across
    /// iterations (unscored or errored tasks are left out, never counted as 0), rounded to 2 decimals.
    /// </summary>
    /// <param name="tasks">All tasks of the run, every iteration.</param>
    /// <param name="analysisCriteria">The analysis criteria.</param>
    public static Eq3RubricSummary Summarize(IEnumerable<Eq3Task> tasks, IReadOnlyCollection<string> analysisCriteria)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        int considered = 0;
        var taskScores = new List<double>();
        foreach (var task in tasks.Where(t => t.Status == Eq3Status.RubricScored))
        {
            considered++;
            if (TaskScore(task.Kind, task.RubricScores, analysisCriteria) is double score) taskScores.Add(score);
        }
        if (taskScores.Count == 0)
        {
            var error = considered > 0
                ? $"No valid rubric scores found for allowed criteria in {considered} potentially scored tasks."
                : "No tasks reached the 'rubric_scored' state.";
            return new Eq3RubricSummary(null, error, considered, 0);
        }
        return new Eq3RubricSummary(PythonFloat.Round(PythonFloat.Mean(taskScores), 2), null, considered, taskScores.Count);
    }
}
