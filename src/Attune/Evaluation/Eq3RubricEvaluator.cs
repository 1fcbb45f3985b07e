using System.Globalization;
using Attune.Suites;
using Attune.Suites.Eq3;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Attune.Evaluation;

/// <summary>
/// An <see cref="IEvaluator"/> that scores a role-play conversation with the eq3 rubric: the conversation (the
/// messages and the response as the last assistant turn) is put in the rubric prompt and the judge (the
/// <see cref="ChatConfiguration.ChatClient"/>) scores every criterion 0–20. Each criterion becomes a numeric metric;
/// <see cref="ScoreMetric"/> is the task score on 0–100 (the mean of the qualitative criteria × 5). A debrief can be given
/// as a <see cref="DebriefContext"/>. An unreadable verdict throws (never a silent zero).
/// </summary>
public sealed class Eq3RubricEvaluator : IEvaluator
{
    /// <summary>The name of the 0–100 task score metric.</summary>
    public const string ScoreMetric = "eq3 score";

    private readonly Eq3Data _data;

    /// <summary>Creates the evaluator with Attune's own templates and rubric, or a data folder's.</summary>
    public Eq3RubricEvaluator(Eq3Data? data = null) => _data = data ?? Eq3Data.Load(BuiltInFolder.Path("eq3"));

    /// <summary>Below this task score (0–100) the score metric fails (default 50).</summary>
    public double FailBelow { get; init; } = 50;

    /// <inheritdoc />
    public IReadOnlyCollection<string> EvaluationMetricNames => [ScoreMetric, .. _data.RubricCriteria];

    /// <inheritdoc />
    public async ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelResponse);
        var judge = chatConfiguration?.ChatClient ?? throw new InvalidOperationException("the eq3 rubric evaluator needs a judge: pass a ChatConfiguration with the judge's IChatClient");
        var history = messages.Where(m => m.Role == ChatRole.User || m.Role == ChatRole.Assistant)
            .Select(m => new Eq3Message(m.Role == ChatRole.User ? Eq3Message.User : Eq3Message.Assistant, m.Text ?? ""))
            .Append(new Eq3Message(Eq3Message.Assistant, modelResponse.Text ?? "")).ToList();
        var debrief = additionalContext?.FirstOrDefault(c => c.Name == DebriefContext.ContextName) is { } d ? string.Concat(d.Contents.OfType<TextContent>().Select(t => t.Text)) : "";
        // replies without the role-play sections are judged as written (the rubric's fallback to the raw reply)
        var task = new Eq3Task("evaluation", "1", Eq3Status.Completed, history, [], debrief) { Kind = Eq3ScenarioKind.RolePlay };
        var request = Eq3Rubric.Request(_data, task);
        var reply = await judge.GetResponseAsync(request.Messages, request.Sampling.ToChatOptions(), cancellationToken).ConfigureAwait(false);
        var scores = Eq3Rubric.ParseScores(Eq3Generation.AcceptJudgeReply(reply.Text ?? "")) ?? throw new InvalidOperationException($"the judge's rubric verdict could not be read ({Eq3Rubric.ParseFailure})");
        var taskScore = Eq3Rubric.TaskScore(Eq3ScenarioKind.RolePlay, scores, _data.RubricCriteriaAnalysis) ?? throw new InvalidOperationException("the judge scored none of the rubric's qualitative criteria");
        double score = taskScore * 5;
        var metrics = new List<EvaluationMetric>();
        var overall = new NumericMetric(ScoreMetric, score, $"mean of the qualitative criteria {taskScore.ToString("0.00", CultureInfo.InvariantCulture)} / 20 × 5")
        {
            Interpretation = new EvaluationMetricInterpretation(score >= 75 ? EvaluationRating.Good : score >= FailBelow ? EvaluationRating.Average : EvaluationRating.Poor, failed: score < FailBelow,
                $"{score.ToString("0.0", CultureInfo.InvariantCulture)} against a floor of {FailBelow.ToString("0", CultureInfo.InvariantCulture)}"),
        };
        metrics.Add(overall);
        foreach (var criterion in _data.RubricCriteria)
        {
            if (scores.TryGetValue(criterion, out var v)) metrics.Add(new NumericMetric(criterion, v, "0–20, from the judge's rubric"));
        }
        return new EvaluationResult(metrics);
    }
}
