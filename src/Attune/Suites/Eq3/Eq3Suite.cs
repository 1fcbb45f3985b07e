using System.Globalization;
using Attune.Chat;
using Microsoft.Extensions.AI;

namespace Attune.Suites.Eq3;

/// <summary>
/// The <c>eq3</c> suite: EQ-Bench 3 as the reference runs it. A trial is one scenario in one iteration: the subject
/// plays every turn (the whole history resent each turn), then answers the debrief (role-play and drafting), then the
/// judge scores the transcript against the rubric. Every turn is stored as it arrives, so a task killed mid-turn resumes
/// at that turn (errata §9.1: the reference leaves such tasks stuck).
/// </summary>
public sealed class Eq3Suite : ISuite
{
    /// <summary>The suite's name.</summary>
    public const string Name = "eq3";

    private const string DebriefStep = "debrief";
    private const string RubricStep = "rubric";

    private readonly Dictionary<string, (Eq3Scenario Scenario, int Iteration)> _trials = new(StringComparer.Ordinal);
    private readonly List<string> _trialIds = [];

    /// <summary>Creates the suite over a loaded data folder.</summary>
    public Eq3Suite(Eq3Data data, string itemSet, Eq3SuiteOptions options)
    {
        Data = data;
        ItemSet = itemSet;
        Options = options;
        if (options.Iterations < 1) throw new InputException("--iterations: must be at least 1");
        for (int it = 1; it <= options.Iterations; it++)
        {
            foreach (var s in data.Scenarios.Take(options.Limit ?? int.MaxValue))
            {
                var id = TrialId(s.Id, it);
                _trials[id] = (s, it);
                _trialIds.Add(id);
            }
        }
        Roles = options.Rubric ? [ModelRole.Subject, ModelRole.Judge] : [ModelRole.Subject];
    }

    /// <summary>The trial id of a scenario in an iteration.</summary>
    public static string TrialId(string scenarioId, int iteration) => $"eq3/{scenarioId}/it{iteration.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The data folder.</summary>
    public Eq3Data Data { get; }

    /// <summary>The settings.</summary>
    public Eq3SuiteOptions Options { get; }

    string ISuite.Name => Name;

    /// <inheritdoc />
    public string ItemSet { get; }

    /// <inheritdoc />
    public string ItemSetHash => Data.Hash;

    /// <inheritdoc />
    public string SettingsJson => Options.ToJson();

    /// <inheritdoc />
    public IReadOnlyList<ModelRole> Roles { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> TrialIds => _trialIds;

    private static string TurnStep(int turn) => "turn" + turn.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async Task RunTrialAsync(ITrialContext context, CancellationToken cancellationToken)
    {
        var (scenario, iteration) = _trials.TryGetValue(context.TrialId, out var t) ? t : throw new ArgumentException($"unknown trial {context.TrialId}", nameof(context));
        var subject = context.Client(ModelRole.Subject);
        var replies = new List<string>();
        string? debrief = null;
        while (Eq3Generation.NextRequest(Data, scenario, replies, debrief, Options.SubjectUrl, Options.SubjectModel) is { } request)
        {
            var step = request.Kind == Eq3CallKind.Debrief ? DebriefStep : TurnStep(request.Turn);
            var response = await subject.GetResponseAsync(request.Messages, context.Tag(1, iteration, request.Sampling.ToChatOptions(), step), cancellationToken).ConfigureAwait(false);
            if (request.Kind == Eq3CallKind.Debrief) debrief = Eq3Generation.AcceptDebrief(response.Text ?? "") ?? "";
            else replies.Add(Eq3Generation.AcceptReply(scenario, response.Text ?? "")!.Raw);
        }
        if (!Options.Rubric) return;
        var task = Task(scenario, iteration, replies, debrief, complete: true);
        if (!Eq3Rubric.ShouldScore(task)) return;
        var rubric = Eq3Rubric.Request(Data, task);
        await context.Client(ModelRole.Judge).GetResponseAsync(rubric.Messages, context.Tag(1, iteration, rubric.Sampling.ToChatOptions(), RubricStep), cancellationToken).ConfigureAwait(false);
    }

    private Eq3Task Task(Eq3Scenario scenario, int iteration, IReadOnlyList<string> replies, string? debrief, bool complete, string? status = null, IReadOnlyDictionary<string, double>? scores = null)
    {
        var history = new List<Eq3Message>();
        var parsed = new List<Eq3ParsedReply>();
        for (int k = 0; k < replies.Count; k++)
        {
            history.Add(new Eq3Message(Eq3Message.User, Eq3Generation.UserTurn(Data, scenario, k)));
            history.Add(new Eq3Message(Eq3Message.Assistant, replies[k]));
            parsed.Add(Eq3Generation.ParseReply(scenario.Kind, replies[k]));
        }
        status ??= !complete
            ? (replies.Count == 0 ? Eq3Status.Initialized : replies.Count < scenario.Prompts.Count ? Eq3Status.RunningScenario : Eq3Status.RunningDebrief)
            : Eq3Status.ReadyForRubric(scenario.Kind);
        return new Eq3Task(scenario.Id, iteration.ToString(CultureInfo.InvariantCulture), status, history, parsed, debrief, scores) { Kind = scenario.Kind };
    }

    /// <summary>A stored trial read back as the reference's task (status, history, sections, debrief, rubric scores).</summary>
    public Eq3Item Replay(string trialId, Transcript? transcript)
    {
        var (scenario, iteration) = _trials[trialId];
        var byStep = new Dictionary<string, Turn>(StringComparer.Ordinal);
        foreach (var turn in transcript?.Turns ?? []) byStep[turn.Step] = turn;
        var replies = new List<string>();
        for (int k = 0; k < scenario.Prompts.Count && byStep.TryGetValue(TurnStep(k), out var turn); k++)
        {
            replies.Add(Eq3Generation.AcceptReply(scenario, turn.Text)!.Raw);
        }
        string? debrief = byStep.TryGetValue(DebriefStep, out var d) ? Eq3Generation.AcceptDebrief(d.Text) : null;
        bool complete = replies.Count == scenario.Prompts.Count && (!scenario.HasDebrief || debrief is not null);
        var task = Task(scenario, iteration, replies, debrief, complete);
        string? rubricText = null;
        string? rubricError = null;
        if (complete && Options.Rubric && byStep.TryGetValue(RubricStep, out var judged))
        {
            rubricText = Eq3Generation.AcceptJudgeReply(judged.Text);
            var scores = Eq3Rubric.ParseScores(rubricText);
            if (scores is null) rubricError = Eq3Rubric.ParseFailure;
            task = task with { Status = scores is null ? Eq3Status.Error : Eq3Status.RubricScored, RubricScores = scores };
        }
        double? score = task.Status == Eq3Status.RubricScored ? Eq3Rubric.TaskScore(task.Kind, task.RubricScores, Data.RubricCriteriaAnalysis) : null;
        return new Eq3Item(scenario, iteration, task, rubricText, rubricError, score);
    }

    /// <inheritdoc />
    public ISuiteResult Score(IReadOnlyDictionary<string, Transcript> transcripts)
        => new Eq3Result(this, [.. _trialIds.Select(id => Replay(id, transcripts.GetValueOrDefault(id)))]);
}
