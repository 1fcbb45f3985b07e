using Attune.Chat;
using Microsoft.Extensions.AI;

namespace Attune.Suites.Eq;

/// <summary>
/// The <c>eq</c> suite: EQ-Bench v2 (and v1) as the reference harness runs it. It builds the messages, runs a
/// question's attempts through the subject's chat client, and scores stored transcripts; it never touches HTTP,
/// storage or the console. Live runs and offline scoring share the same scoring path.
/// </summary>
public sealed class EqSuite : ISuite
{
    private readonly Dictionary<string, (EqQuestion Question, int Iteration)> _trials = new(StringComparer.Ordinal);
    private readonly List<string> _trialIds = [];

    /// <summary>Creates the suite over a question set.</summary>
    public EqSuite(EqQuestionSet questions, EqSuiteOptions? options = null)
    {
        Questions = questions;
        Options = options ?? new EqSuiteOptions();
        if (Options.Iterations < 1) throw new InputException("--iterations: must be at least 1");
        if (Options.MaxTokens is < 1) throw new InputException("--max-tokens: must be at least 1");
        for (int it = 1; it <= Options.Iterations; it++)
        {
            foreach (var q in Questions.Questions)
            {
                var id = TrialId(q.Id, it);
                _trials[id] = (q, it);
                _trialIds.Add(id);
            }
        }
    }

    string ISuite.Name => Name;

    /// <inheritdoc />
    public string ItemSet => Questions.Source;

    /// <inheritdoc />
    public string ItemSetHash => Questions.Hash;

    /// <inheritdoc />
    public string SettingsJson => Options.ToJson();

    /// <inheritdoc />
    public IReadOnlyList<string> TrialIds => _trialIds;

    /// <inheritdoc />
    public IReadOnlyList<ModelRole> Roles { get; } = [ModelRole.Subject];

    /// <inheritdoc />
    public Task RunTrialAsync(ITrialContext context, CancellationToken cancellationToken)
    {
        var (question, iteration) = _trials.TryGetValue(context.TrialId, out var t) ? t : throw new ArgumentException($"unknown trial {context.TrialId}", nameof(context));
        return RunTrialAsync(question, iteration, context, cancellationToken);
    }

    /// <inheritdoc />
    public ISuiteResult Score(IReadOnlyDictionary<string, Transcript> transcripts)
    {
        var byQuestion = new Dictionary<(string, int), IReadOnlyList<string>>();
        foreach (var (trialId, transcript) in transcripts)
        {
            if (_trials.TryGetValue(trialId, out var t)) byQuestion[(t.Question.Id, t.Iteration)] = transcript.Texts(ModelRole.Subject);
        }
        return Score(byQuestion);
    }

    /// <summary>The suite's name.</summary>
    public const string Name = "eq";

    /// <summary>The questions.</summary>
    public EqQuestionSet Questions { get; }

    /// <summary>The settings.</summary>
    public EqSuiteOptions Options { get; }

    /// <summary>The completion limit in effect.</summary>
    public int MaxTokens => Options.MaxTokens ?? (Options.Revise || Questions.Version == EqVersion.V1 ? 1000 : 60);

    /// <summary>The exact user prompt for a question.</summary>
    public string Prompt(EqQuestion question) => EqPromptBuilder.Build(question, Options.Language, Options.Revise, Questions.Version);

    /// <summary>The messages sent for a question.</summary>
    public IReadOnlyList<ChatMessage> Messages(EqQuestion question)
    {
        var list = new List<ChatMessage>(2);
        if (Options.SystemMessage is { } system) list.Add(new ChatMessage(ChatRole.System, system));
        list.Add(new ChatMessage(ChatRole.User, Prompt(question)));
        return list;
    }

    /// <summary>The trial id of a question in an iteration.</summary>
    public static string TrialId(string questionId, int iteration) => $"eq/{questionId}/it{iteration}";

    /// <summary>
    /// Runs one question's attempts: up to 3, the temperature rising by 0.15 each time, stopping at the first attempt
    /// the chosen parser accepts. Returns every response text in order.
    /// </summary>
    public async Task<IReadOnlyList<string>> RunTrialAsync(EqQuestion question, int iteration, ITrialContext context, CancellationToken cancellationToken)
    {
        var messages = Messages(question);
        var client = context.Client(ModelRole.Subject);
        var texts = new List<string>(EqAttempt.MaxAttempts);
        double temperature = Options.Temperature;
        for (int attempt = 1; attempt <= EqAttempt.MaxAttempts; attempt++)
        {
            var options = context.Tag(attempt, iteration, new Microsoft.Extensions.AI.ChatOptions { Temperature = (float)temperature, MaxOutputTokens = MaxTokens });
            var response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            var text = response.Text ?? "";
            texts.Add(text);
            var evaluated = EqAttempt.Evaluate(question, attempt, text, Options.Language, Options.Revise, Options.Parser);
            if (evaluated.Succeeded(Options.Revise)) break;
            temperature += EqAttempt.TemperatureStep;
        }
        return texts;
    }

    /// <summary>
    /// Scores responses with both parsers. <paramref name="responses"/> maps (question id, iteration) to the response
    /// texts of its attempts in order; a missing key means the question was not answered in that iteration.
    /// </summary>
    public EqResult Score(IReadOnlyDictionary<(string Id, int Iteration), IReadOnlyList<string>> responses)
        => new(Options.Parser, ScoreWith(responses, EqParserKind.Strict), ScoreWith(responses, EqParserKind.Lenient), MaxTokens, Questions, Options.Language, Options.Revise);

    private EqSuiteScore ScoreWith(IReadOnlyDictionary<(string Id, int Iteration), IReadOnlyList<string>> responses, EqParserKind parser)
    {
        var items = new List<EqItemResult>(Questions.Questions.Count * Options.Iterations);
        for (int it = 1; it <= Options.Iterations; it++)
        {
            foreach (var q in Questions.Questions)
            {
                var attempts = new List<EqAttempt>();
                if (responses.TryGetValue((q.Id, it), out var texts))
                {
                    for (int i = 0; i < texts.Count; i++)
                    {
                        var a = EqAttempt.Evaluate(q, i + 1, texts[i], Options.Language, Options.Revise, parser);
                        attempts.Add(a);
                        if (a.Succeeded(Options.Revise)) break;
                    }
                }
                items.Add(EqAcceptance.Decide(q.Id, it, attempts, Options.Revise));
            }
        }
        return EqAggregation.Aggregate(items, Options.Iterations, Questions.Questions.Count, Questions.Version, parser);
    }
}
