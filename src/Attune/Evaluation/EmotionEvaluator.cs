using System.Globalization;
using Attune.Emotions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Attune.Evaluation;

/// <summary>
/// An <see cref="IEvaluator"/> (Microsoft.Extensions.AI.Evaluation) that reads the emotions a response expresses with
/// any <see cref="IEmotionEstimator"/>: one numeric metric per label (intensity 0–1), with the decided labels as the
/// reason. Labels named in <see cref="EmotionEvaluatorOptions.Unwanted"/> fail when the estimator decides them.
/// </summary>
public sealed class EmotionEvaluator(IEmotionEstimator estimator, EmotionEvaluatorOptions? options = null) : IEvaluator
{
    private readonly EmotionEvaluatorOptions _options = options ?? new EmotionEvaluatorOptions();

    /// <inheritdoc />
    public IReadOnlyCollection<string> EvaluationMetricNames => estimator.Taxonomy.Labels;

    /// <inheritdoc />
    public async ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse, ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelResponse);
        var scores = (await estimator.EstimateAsync([modelResponse.Text ?? ""], cancellationToken).ConfigureAwait(false))[0];
        var decided = string.Join(", ", scores.Labels);
        var metrics = new List<EvaluationMetric>();
        foreach (var (label, value) in scores.Scores)
        {
            var metric = new NumericMetric(label, value, scores.Labels.Count == 0 ? "no emotion above its threshold" : "decided: " + decided);
            bool present = scores.Labels.Contains(label);
            if (_options.Unwanted.Contains(label))
            {
                metric.Interpretation = new EvaluationMetricInterpretation(present ? EvaluationRating.Unacceptable : EvaluationRating.Good, failed: present,
                    present ? $"{label} is unwanted and the response expresses it ({value.ToString("0.00", CultureInfo.InvariantCulture)})" : $"{label} is unwanted and absent");
            }
            metrics.Add(metric);
        }
        return new EvaluationResult(metrics);
    }
}
