namespace Attune.Guard;

/// <summary>An assessor's verdict on one reply: the criteria that fired, each with its strength and snippet.</summary>
/// <param name="Assessor">Which assessor decided (<c>local</c>, <c>model:openai:gpt-4o-mini</c>, …).</param>
/// <param name="Findings">The criteria that fired, strongest first; empty when the reply looks healthy.</param>
public sealed record ReplyAssessment(string Assessor, IReadOnlyList<CriterionFinding> Findings)
{
    /// <summary>The strength of every criterion the assessor scored (0 to 1), fired or not; empty when it gives none.</summary>
    public IReadOnlyDictionary<string, double> Scores { get; init; } = new Dictionary<string, double>();

    /// <summary>True when the assessor was unsure (some score near its decision threshold); a combined assessor then asks its judge.</summary>
    public bool Unsure { get; init; }

    /// <summary>True when any criterion fired.</summary>
    public bool IsFlagged => Findings.Count > 0;

    /// <summary>The strongest finding, or null for a healthy reply.</summary>
    public CriterionFinding? Top => Findings.Count == 0 ? null : Findings[0];

    /// <summary>A healthy verdict with no findings.</summary>
    /// <param name="assessor">The assessor's name.</param>
    public static ReplyAssessment Healthy(string assessor) => new(assessor, []);
}
