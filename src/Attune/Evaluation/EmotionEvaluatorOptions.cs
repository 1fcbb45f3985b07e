namespace Attune.Evaluation;

/// <summary>Options of <see cref="EmotionEvaluator"/>.</summary>
public sealed class EmotionEvaluatorOptions
{
    /// <summary>Labels that fail the evaluation when the estimator decides them (e.g. <c>anger</c>, <c>disgust</c> in a support reply).</summary>
    public ISet<string> Unwanted { get; } = new HashSet<string>(StringComparer.Ordinal);
}
