using System.Text.RegularExpressions;
using Attune.Text;
using Microsoft.Extensions.AI;

namespace Attune.Suites.Eq3;

/// <summary>
/// The generation protocol (§2) as pure functions: which request comes next for a scenario given the replies so far,
/// whether a reply is acceptable and what is stored for it, section parsing, and the eligibility gate. The caller makes
/// the calls and retries transport failures; a badly formatted reply is never retried.
/// </summary>
public static partial class Eq3Generation
{
    /// <summary>The gate's threshold: some assistant message must have at least this many code points after trimming.</summary>
    public const int MinResponseLength = 100;

    /// <summary>The OpenRouter URL on which a <c>qwen3</c> model gets the system message <c>/no_think</c>.</summary>
    public const string OpenRouterUrl = "https://openrouter.ai/api/v1/chat/completions";

    /// <summary>Role-play section names, in the reference's order.</summary>
    public static IReadOnlyList<string> RolePlaySections { get; } = ["thinking_feeling", "their_thinking_feeling", "response"];

    /// <summary>Drafting section names, in the reference's order.</summary>
    public static IReadOnlyList<string> DraftingSections { get; } = ["perspective_taking", "draft_brainstorming", "draft"];

    private const string S = "[" + PythonText.Space + "]";
    private const RegexOptions SectionOptions = RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant;

    [GeneratedRegex("#" + S + "*I[’']m thinking & feeling" + S + @"*\n([\s\S]*?)(?=#|\z)", SectionOptions)]
    private static partial Regex ThinkingFeeling();

    [GeneratedRegex("#" + S + "*They[’']re thinking & feeling" + S + @"*\n([\s\S]*?)(?=#|\z)", SectionOptions)]
    private static partial Regex TheirThinkingFeeling();

    [GeneratedRegex("#" + S + "*My response" + S + @"*\n([\s\S]*?)(?=--|\z)", SectionOptions)]
    private static partial Regex MyResponse();

    [GeneratedRegex("#" + S + "*Perspective[- ]taking" + S + @"*\n([\s\S]*?)(?=#|\z)", SectionOptions)]
    private static partial Regex PerspectiveTaking();

    [GeneratedRegex("#" + S + "*Draft brainstorming" + S + @"*\n([\s\S]*?)(?=#|\z)", SectionOptions)]
    private static partial Regex DraftBrainstorming();

    [GeneratedRegex("#" + S + "*Draft" + S + @"*\n([\s\S]*?)(?=--|\z)", SectionOptions)]
    private static partial Regex Draft();

    [GeneratedRegex("[^a-zA-Z0-9_.-]+")]
    private static partial Regex RunKeyUnsafe();

    /// <summary>
    /// The user message of turn <paramref name="turn"/>: the kind's master template with <c>{scenario_prompt}</c>
    /// replaced by the prompt (the bare prompt for no-role-play scenarios).
    /// </summary>
    /// <param name="data">The data folder.</param>
    /// <param name="scenario">The scenario.</param>
    /// <param name="turn">0-based turn.</param>
    public static string UserTurn(Eq3Data data, Eq3Scenario scenario, int turn)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(scenario);
        var prompt = scenario.Prompts[turn];
        var template = data.MasterPromptFor(scenario.Kind);
        return template is null ? prompt : Eq3Template.Fill(template, ("scenario_prompt", prompt));
    }

    /// <summary>
    /// The next call a scenario needs: turn k (k = number of replies so far) with the whole history, then, for kinds with
    /// a debrief, the debrief (history + <c>debrief_prompt.txt</c>); null when the scenario is done. Resuming is the same
    /// call with the replies already stored.
    /// </summary>
    /// <param name="data">The data folder.</param>
    /// <param name="scenario">The scenario.</param>
    /// <param name="replies">The stored (think-stripped) assistant replies so far, in turn order.</param>
    /// <param name="debrief">The stored debrief, or null if not yet answered.</param>
    /// <param name="endpointUrl">The tested model's chat-completions URL, if known (affects <c>min_p</c>, <c>o3</c>, <c>/no_think</c>).</param>
    /// <param name="modelId">The tested model's API id, if known.</param>
    public static Eq3Request? NextRequest(Eq3Data data, Eq3Scenario scenario, IReadOnlyList<string> replies, string? debrief = null, string? endpointUrl = null, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(replies);
        if (replies.Count > scenario.Prompts.Count)
            throw new ArgumentException($"scenario {scenario.Id} has {scenario.Prompts.Count} turns but {replies.Count} replies were given", nameof(replies));
        var messages = new List<ChatMessage>();
        for (int k = 0; k < replies.Count; k++)
        {
            messages.Add(new ChatMessage(ChatRole.User, UserTurn(data, scenario, k)));
            messages.Add(new ChatMessage(ChatRole.Assistant, replies[k]));
        }
        if (replies.Count < scenario.Prompts.Count)
        {
            messages.Add(new ChatMessage(ChatRole.User, UserTurn(data, scenario, replies.Count)));
            return new Eq3Request(Eq3CallKind.ScenarioTurn, replies.Count, WithSystemMessage(messages, endpointUrl, modelId),
                Eq3Sampling.For(Eq3CallKind.ScenarioTurn, endpointUrl, modelId));
        }
        if (!scenario.HasDebrief || debrief is not null) return null;
        messages.Add(new ChatMessage(ChatRole.User, data.DebriefPrompt));
        return new Eq3Request(Eq3CallKind.Debrief, -1, WithSystemMessage(messages, endpointUrl, modelId),
            Eq3Sampling.For(Eq3CallKind.Debrief, endpointUrl, modelId));
    }

    /// <summary>
    /// Prepends the system message <c>/no_think</c> when the endpoint is exactly OpenRouter's and the model id contains
    /// <c>qwen3</c> (any case), as the reference's client does for every call; otherwise returns the messages unchanged.
    /// </summary>
    /// <param name="messages">The messages.</param>
    /// <param name="endpointUrl">The endpoint URL.</param>
    /// <param name="modelId">The API model id.</param>
    public static IReadOnlyList<ChatMessage> WithSystemMessage(IReadOnlyList<ChatMessage> messages, string? endpointUrl, string? modelId)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (endpointUrl == OpenRouterUrl && modelId is not null && modelId.Contains("qwen3", StringComparison.OrdinalIgnoreCase))
            return [new ChatMessage(ChatRole.System, "/no_think"), .. messages];
        return messages;
    }

    /// <summary>
    /// Whether a scenario-turn reply is acceptable, and what is stored: null (a failure, to be retried like a transport
    /// error) when the content is missing; otherwise the think-stripped reply with its sections. Any text, even empty or
    /// without sections, is accepted.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="content">The reply's <c>choices[0].message.content</c>; null when absent.</param>
    public static Eq3ParsedReply? AcceptReply(Eq3Scenario scenario, string? content)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return content is null ? null : ParseReply(scenario.Kind, StripThinking(content));
    }

    /// <summary>What is stored for a debrief reply: null when the content is missing, else the think-stripped reply, trimmed.</summary>
    /// <param name="content">The reply's content; null when absent.</param>
    public static string? AcceptDebrief(string? content) => content is null ? null : PythonText.Strip(StripThinking(content));

    /// <summary>
    /// What is stored for a judge reply (rubric or pairwise; the reference's client think-strips every call): null when
    /// the content is missing (retry like a transport error), else the think-stripped reply, trimmed. Pass this to
    /// <see cref="Eq3Rubric.ParseScores"/> or <see cref="Eq3Pairwise.Judge"/>.
    /// </summary>
    /// <param name="content">The judge's <c>choices[0].message.content</c>; null when absent.</param>
    public static string? AcceptJudgeReply(string? content) => AcceptDebrief(content);

    /// <summary>
    /// Think-stripping: if the text contains both <c>&lt;think&gt;</c> and <c>&lt;/think&gt;</c>, keep only the text after
    /// the first <c>&lt;/think&gt;</c>, trimmed; then the same for <c>&lt;reasoning&gt;</c>/<c>&lt;/reasoning&gt;</c>.
    /// </summary>
    /// <param name="content">The reply.</param>
    public static string StripThinking(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        foreach (var (open, close) in new[] { ("<think>", "</think>"), ("<reasoning>", "</reasoning>") })
        {
            if (content.Contains(open, StringComparison.Ordinal) && content.Contains(close, StringComparison.Ordinal))
                content = PythonText.Strip(content[(content.IndexOf(close, StringComparison.Ordinal) + close.Length)..]);
        }
        return content;
    }

    /// <summary>
    /// Section parsing (§2.5): for role-play and drafting each pattern is searched once (first match, case-insensitive,
    /// <c>\z</c> as Python's <c>\Z</c>) and group 1 trimmed becomes the section, <c>""</c> when not found. Analysis and
    /// no-role-play replies are stored raw.
    /// </summary>
    /// <param name="kind">The scenario kind.</param>
    /// <param name="reply">The stored reply.</param>
    public static Eq3ParsedReply ParseReply(Eq3ScenarioKind kind, string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        (string, Regex)[] patterns = kind switch
        {
            Eq3ScenarioKind.RolePlay => [("thinking_feeling", ThinkingFeeling()), ("their_thinking_feeling", TheirThinkingFeeling()), ("response", MyResponse())],
            Eq3ScenarioKind.Drafting => [("perspective_taking", PerspectiveTaking()), ("draft_brainstorming", DraftBrainstorming()), ("draft", Draft())],
            _ => [],
        };
        if (patterns.Length == 0) return Eq3ParsedReply.RawOnly(reply);
        var sections = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, pattern) in patterns)
        {
            var m = pattern.Match(reply);
            sections[name] = m.Success ? PythonText.Strip(m.Groups[1].Value) : "";
        }
        return new Eq3ParsedReply(reply, sections);
    }

    /// <summary>
    /// The eligibility gate (§2.6, with <c>ALLOW_INCOMPLETE_RESPONSES</c>): at least one assistant message whose trimmed
    /// text has ≥ 100 code points. Only eligible tasks are rubric-judged or compared.
    /// </summary>
    /// <param name="history">The conversation history.</param>
    public static bool HasEnoughResponse(IEnumerable<Eq3Message> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Any(m => m.Role == Eq3Message.Assistant && PythonText.Length(PythonText.Strip(m.Content)) >= MinResponseLength);
    }

    /// <summary>
    /// The run key: <c>&lt;runId&gt;_&lt;name&gt;</c> where every run of characters outside <c>[a-zA-Z0-9_.-]</c> in the
    /// logical model name becomes one <c>_</c> (the reference uses the first 8 hex digits of a random UUID when no run id is given).
    /// </summary>
    /// <param name="runId">The run id.</param>
    /// <param name="modelName">The logical model name.</param>
    public static string RunKey(string runId, string modelName)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(modelName);
        return runId + "_" + RunKeyUnsafe().Replace(modelName, "_");
    }
}
