using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Attune.Guard;

/// <summary>An assessor measured on labelled replies: its evaluation, its latency per reply and how often it failed.</summary>
/// <param name="Assessor">The assessor's name.</param>
/// <param name="Evaluation">Precision, recall and F1 per criterion and macro-F1 (a failed reply counts as flagging nothing).</param>
/// <param name="Latencies">Each reply's assessment time, in the replies' order.</param>
/// <param name="Elapsed">Wall time of the whole measurement.</param>
/// <param name="Failures">Replies whose assessment failed, with the first error.</param>
public sealed record GuardMeasurement(string Assessor, GuardEvaluation Evaluation, IReadOnlyList<TimeSpan> Latencies, TimeSpan Elapsed, int Failures)
{
    /// <summary>The first failure's message (never a secret), or null.</summary>
    public string? FirstError { get; init; }

    /// <summary>The median latency per reply.</summary>
    public TimeSpan MedianLatency => Percentile(0.5);

    /// <summary>The 99th-percentile latency per reply.</summary>
    public TimeSpan P99Latency => Percentile(0.99);

    /// <summary>The mean latency per reply.</summary>
    public TimeSpan MeanLatency => Latencies.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Latencies.Average(l => l.Ticks));

    /// <summary>Replies assessed per second of wall time.</summary>
    public double RepliesPerSecond => Elapsed <= TimeSpan.Zero ? 0 : Latencies.Count / Elapsed.TotalSeconds;

    /// <summary>The latency at quantile <paramref name="q"/> (nearest rank).</summary>
    /// <param name="q">A quantile in [0, 1].</param>
    public TimeSpan Percentile(double q)
    {
        if (Latencies.Count == 0) return TimeSpan.Zero;
        var sorted = Latencies.OrderBy(l => l).ToList();
        int rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>The conversation an assessor sees for a labelled item: the app context as a system message, then the user turn.</summary>
    /// <param name="item">The item.</param>
    public static IReadOnlyList<ChatMessage> Conversation(GuardSetItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Context.Length == 0
            ? [new ChatMessage(ChatRole.User, item.User)]
            : [new ChatMessage(ChatRole.System, "App: " + item.Context), new ChatMessage(ChatRole.User, item.User)];
    }

    /// <summary>Assesses every item (at most <paramref name="parallel"/> at once) and compares the findings with the labels.</summary>
    /// <param name="assessor">The assessor.</param>
    /// <param name="items">The labelled replies.</param>
    /// <param name="parallel">Assessments in flight at once (1 for a local assessor, to measure one core).</param>
    /// <param name="progress">Told how many replies are done.</param>
    /// <param name="cancellationToken">Cancels the measurement.</param>
    /// <returns>The measurement.</returns>
    public static async Task<GuardMeasurement> RunAsync(IReplyAssessor assessor, IReadOnlyList<GuardSetItem> items, int parallel = 1,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assessor);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        var predicted = new IReadOnlyCollection<string>[items.Count];
        var latencies = new TimeSpan[items.Count];
        int failures = 0, done = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (i, token) =>
        {
            long start = Stopwatch.GetTimestamp();
            try
            {
                var verdict = await assessor.AssessAsync(Conversation(items[i]), items[i].Reply, token).ConfigureAwait(false);
                predicted[i] = verdict.Findings.Select(f => f.Criterion).ToList();
            }
            catch (ProviderException ex)
            {
                predicted[i] = [];
                Interlocked.Increment(ref failures);
                Interlocked.CompareExchange(ref firstError, ex.Message, null);
            }

            latencies[i] = Stopwatch.GetElapsedTime(start);
            progress?.Report(Interlocked.Increment(ref done));
        }).ConfigureAwait(false);
        watch.Stop();
        var evaluation = GuardEvaluation.Compute(items.Select(i => (IReadOnlyCollection<string>)i.Labels).ToList(), predicted);
        return new GuardMeasurement(assessor.Name, evaluation, latencies, watch.Elapsed, failures) { FirstError = firstError };
    }
}
