using Microsoft.Extensions.AI;

namespace Attune.Guard;

/// <summary>
/// Local first, judge only when the local assessor is unsure: every reply is scored by a
/// <see cref="LocalReplyAssessor"/>; when its verdict is <see cref="ReplyAssessment.Unsure"/> (a criterion within
/// <see cref="LocalReplyAssessorOptions.UnsureMargin"/> of its threshold) the judge's verdict is taken instead. When the
/// judge fails, the local verdict stands (marked unsure), so a judge outage costs accuracy, not availability.
/// </summary>
public sealed class CombinedReplyAssessor : IReplyAssessor
{
    private readonly LocalReplyAssessor _local;
    private readonly IReplyAssessor _judge;

    /// <summary>Creates the assessor.</summary>
    /// <param name="local">The local assessor (its options set the unsure band).</param>
    /// <param name="judge">The assessor asked when the local one is unsure (usually a <see cref="JudgeReplyAssessor"/>).</param>
    public CombinedReplyAssessor(LocalReplyAssessor local, IReplyAssessor judge)
    {
        _local = local ?? throw new ArgumentNullException(nameof(local));
        _judge = judge ?? throw new ArgumentNullException(nameof(judge));
    }

    /// <inheritdoc />
    public string Name => "local+" + _judge.Name;

    /// <summary>How many verdicts were handed to the judge so far.</summary>
    public long JudgeCalls => Interlocked.Read(ref _judgeCalls);

    private long _judgeCalls;

    /// <inheritdoc />
    public async Task<ReplyAssessment> AssessAsync(IReadOnlyList<ChatMessage> messages, string reply, CancellationToken cancellationToken = default)
    {
        var local = await _local.AssessAsync(messages, reply, cancellationToken).ConfigureAwait(false);
        if (!local.Unsure) return local;
        Interlocked.Increment(ref _judgeCalls);
        try
        {
            return await _judge.AssessAsync(messages, reply, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException)
        {
            return local;
        }
    }
}
