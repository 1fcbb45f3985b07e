using Microsoft.Extensions.AI;

namespace Attune.Guard;

/// <summary>Settings of <see cref="JudgeReplyAssessor"/>.</summary>
public sealed record JudgeReplyAssessorOptions
{
    /// <summary>The criteria the judge is asked about (ids of <see cref="GuardCriteria"/>). Default: all nine.</summary>
    public IReadOnlyList<string> Criteria { get; init; } = GuardCriteria.All;

    /// <summary>The smallest judge strength (1 mild, 2 moderate, 3 strong) that makes a criterion fire. Default 1.</summary>
    public int MinStrength { get; init; } = 1;

    /// <summary>Options sent with every judge request (model id, temperature, …); null sends temperature 0.</summary>
    public ChatOptions? RequestOptions { get; init; }
}
