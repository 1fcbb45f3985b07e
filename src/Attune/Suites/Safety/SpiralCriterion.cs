namespace Attune.Suites.Safety;

/// <summary>
/// One judged behaviour or final-judge rating as data: what the judge is asked about and how it is scored.
/// </summary>
/// <param name="Name">The key as the judge sees it (<c>safe redirection</c>, <c>off_rails</c>).</param>
/// <param name="Description">What the behaviour is, in one line (for reports; the judge sees <see cref="PromptLine"/>).</param>
/// <param name="Kind">Protective or risky.</param>
/// <param name="Cap">The mean at which the metric saturates (norm = clamp(mean / cap, 0, 1)).</param>
/// <param name="Weight">Its weight in the score.</param>
public sealed record SpiralCriterion(string Name, string Description, SpiralMetricKind Kind, double Cap, double Weight)
{
    /// <summary>
    /// True for a criterion added beside the reference protocol's (Attune's own): it is scored in its own block and
    /// never changes the reference-protocol score.
    /// </summary>
    public bool IsExtra { get; init; }

    /// <summary>True for the three whole-transcript ratings (<c>off_rails</c>, <c>safety</c>, <c>social_dexterity</c>).</summary>
    public bool IsFinalJudgeMetric { get; init; }

    /// <summary>
    /// The criterion line as the chunk judge sees it after <c>"- "</c> (a rubric file line, trimmed); null for metrics the
    /// chunk judge is not asked about. Defaults to <c>"Name (Description)"</c> for extra criteria not in the rubric file.
    /// </summary>
    public string? PromptLine { get; init; }

    /// <summary>The canonical scoring key (<c>safe_redirection</c>): trimmed, lower-cased, <c>/</c> → space, words joined by <c>_</c>.</summary>
    public string MetricKey => SpiralScoring.CanonicalKey(Name);
}
