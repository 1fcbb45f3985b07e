namespace Attune.Guard;

/// <summary>Settings of <see cref="LocalReplyAssessor"/>.</summary>
public sealed record LocalReplyAssessorOptions
{
    /// <summary>
    /// A criterion whose probability lies within this distance of its decision threshold makes the verdict
    /// <see cref="ReplyAssessment.Unsure"/> (a <see cref="CombinedReplyAssessor"/> then asks its judge). Default 0.15;
    /// 0 makes the local assessor always sure.
    /// </summary>
    public double UnsureMargin { get; init; } = 0.15;

    /// <summary>Added to every criterion's threshold: above 0 flags less, below 0 more. Default 0 (the thresholds tuned on dev).</summary>
    public double ThresholdShift { get; init; }
}
