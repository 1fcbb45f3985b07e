using Attune.Chat;
using Attune.Suites.Eq;
using Microsoft.Extensions.AI;

namespace Attune.Suites.Ability;

/// <summary>
/// The <c>ability</c> suite: multiple-choice emotional understanding (EU) and application (EA) items, run as the
/// EmoBench reference runs them (system message from the set's YAML, one attempt at temperature 0.6, an unparseable
/// answer counts as wrong), scored with both parsers.
/// </summary>
public sealed class AbilitySuite : ISuite
{
    /// <summary>The suite's name.</summary>
    public const string Name = "ability";

    private readonly Dictionary<string, (AbilityItem Item, int Iteration)> _trials = new(StringComparer.Ordinal);
    private readonly List<string> _trialIds = [];

    /// <summary>Creates the suite; the set's prompts must cover the language.</summary>
    public AbilitySuite(AbilityItemSet set, AbilitySuiteOptions? options = null)
    {
        Set = set;
        Options = options ?? new AbilitySuiteOptions();
        if (Options.Iterations < 1) throw new InputException("--iterations: must be at least 1");
        Items = set.Items.Where(i => Options.Language == "all" || i.Language == Options.Language).Take(Options.Limit ?? int.MaxValue).ToList();
        if (Items.Count == 0)
        {
            throw new InputException($"--language: no {Options.Language} items in {set.Source} (languages there: {string.Join(", ", set.Languages)})");
        }
        foreach (var (task, lang) in Items.Select(i => (i.Task, i.Language)).Distinct()) set.Prompts.Validate(task, lang, Options.ChainOfThought);
        for (int it = 1; it <= Options.Iterations; it++)
        {
            foreach (var item in Items)
            {
                var id = $"ability/{item.Task}/{item.Language}/{item.Qid}/it{it}";
                _trials[id] = (item, it);
                _trialIds.Add(id);
            }
        }
    }

    /// <summary>The item set.</summary>
    public AbilityItemSet Set { get; }

    /// <summary>The settings.</summary>
    public AbilitySuiteOptions Options { get; }

    /// <summary>The items of the chosen language, EU then EA.</summary>
    public IReadOnlyList<AbilityItem> Items { get; }

    string ISuite.Name => Name;

    /// <inheritdoc />
    public string ItemSet => Set.Source;

    /// <inheritdoc />
    public string ItemSetHash => Set.Hash;

    /// <inheritdoc />
    public string SettingsJson => Options.ToJson();

    /// <inheritdoc />
    public IReadOnlyList<string> TrialIds => _trialIds;

    /// <summary>The exact messages sent for an item: the system message, then the user message.</summary>
    public IReadOnlyList<ChatMessage> Messages(AbilityItem item) =>
    [
        new ChatMessage(ChatRole.System, Set.Prompts.SystemMessage(item.Task, item.Language, Options.ChainOfThought, Options.NoThink)),
        new ChatMessage(ChatRole.User, Set.Prompts.UserMessage(item)),
    ];

    /// <inheritdoc />
    public IReadOnlyList<ModelRole> Roles { get; } = [ModelRole.Subject];

    /// <inheritdoc />
    public async Task RunTrialAsync(ITrialContext context, CancellationToken cancellationToken)
    {
        var (item, iteration) = _trials.TryGetValue(context.TrialId, out var t) ? t : throw new ArgumentException($"unknown trial {context.TrialId}", nameof(context));
        var options = context.Tag(1, iteration, new ChatOptions { Temperature = (float)Options.Temperature, MaxOutputTokens = Options.MaxTokens });
        await context.Client(ModelRole.Subject).GetResponseAsync(Messages(item), options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ISuiteResult Score(IReadOnlyDictionary<string, Transcript> transcripts)
        => new AbilityResult(Set, Options, ScoreWith(transcripts, EqParserKind.Strict), ScoreWith(transcripts, EqParserKind.Lenient));

    private List<AbilityItemResult> ScoreWith(IReadOnlyDictionary<string, Transcript> transcripts, EqParserKind parser)
    {
        var list = new List<AbilityItemResult>(_trialIds.Count);
        foreach (var id in _trialIds)
        {
            var (item, iteration) = _trials[id];
            string? text = transcripts.TryGetValue(id, out var transcript) && transcript.Texts(ModelRole.Subject) is { Count: > 0 } texts ? texts[0] : null;
            var answer = text is null ? AbilityAnswer.Empty
                : parser == EqParserKind.Strict ? AbilityAnswerParser.Strict(text, item.Task) : AbilityAnswerParser.Lenient(text, item.Task);
            list.Add(new AbilityItemResult(item, iteration, answer, IsCorrect(item, answer), text));
        }
        return list;
    }

    /// <summary>Right when the letter equals the label's letter exactly (EU: both questions, when the item has two).</summary>
    public static bool IsCorrect(AbilityItem item, AbilityAnswer answer)
        => answer.First == AbilityItem.Letter(item.Answer) && (!item.HasCause || answer.Second == AbilityItem.Letter(item.CauseAnswer));
}
