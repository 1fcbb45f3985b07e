using Attune.Running;
using Attune.Storage;
using Attune.Suites;

namespace Attune.Web;

/// <summary>
/// What the dashboard keeps between requests about runs that are not running, while their stamp (status, end time,
/// stored score) is unchanged: scored results (at most <c>capacity</c>, least recently used first out), the headline
/// figure with its interval (every run), and token accounting (every run). A running run is always read afresh.
/// Scoring is shared (one scoring per run at a time) and at most one per core runs at once.
/// </summary>
/// <param name="capacity">Scored results kept at most.</param>
/// <param name="score">Scores a run on a store connection of its own (so a request that ends does not end the scoring others wait for).</param>
internal sealed class ScoreCache(int capacity, Func<RunRecord, Task<ISuiteResult>> score)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, (string Stamp, ISuiteResult Result)> _results = [];
    private readonly LinkedList<long> _order = new();
    private readonly Dictionary<long, (string Stamp, SuiteMetric? Headline)> _headlines = [];
    private readonly Dictionary<long, (string Stamp, Task<ISuiteResult> Task)> _inflight = [];
    private readonly Dictionary<long, (string Stamp, RunUsage Usage)> _usage = [];
    private readonly SemaphoreSlim _cores = new(Math.Max(1, Environment.ProcessorCount));

    private static string Stamp(RunRecord run) => $"{run.Status}|{run.EndedAt?.UtcTicks}|{run.Score}";

    /// <summary>The run scored from its transcripts (kept while unchanged), its figures computed once.</summary>
    /// <param name="catalog">The request's catalog, used for a running run (null: score it on a connection of its own).</param>
    /// <param name="run">The run.</param>
    /// <param name="cancellationToken">Stops waiting (the scoring goes on for others).</param>
    public async Task<ISuiteResult> ResultAsync(RunCatalog? catalog, RunRecord run, CancellationToken cancellationToken)
    {
        if (run.Status == RunStatus.Running)
        {
            return MemoizedResult.Of(catalog is null ? await score(run).ConfigureAwait(false) : await catalog.ScoreAsync(run, cancellationToken).ConfigureAwait(false));
        }
        var stamp = Stamp(run);
        Task<ISuiteResult> task;
        lock (_gate)
        {
            if (_results.TryGetValue(run.Id, out var hit) && hit.Stamp == stamp)
            {
                _order.Remove(run.Id);
                _order.AddFirst(run.Id);
                return hit.Result;
            }
            if (!_inflight.TryGetValue(run.Id, out var pending) || pending.Stamp != stamp)
            {
                pending = (stamp, ScoreAsync(run, stamp));
                _inflight[run.Id] = pending;
            }
            task = pending.Task;
        }
        return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<ISuiteResult> ScoreAsync(RunRecord run, string stamp)
    {
        await _cores.WaitAsync().ConfigureAwait(false);
        try
        {
            // scored off the request's thread so two runs score on two cores; the figures are computed here, once
            var result = await Task.Run(async () =>
            {
                var r = MemoizedResult.Of(await score(run).ConfigureAwait(false));
                _ = r.Metrics;
                return r;
            }).ConfigureAwait(false);
            lock (_gate)
            {
                _headlines[run.Id] = (stamp, result.Metrics.FirstOrDefault());
                _order.Remove(run.Id);
                _order.AddFirst(run.Id);
                _results[run.Id] = (stamp, result);
                while (_order.Count > capacity)
                {
                    _results.Remove(_order.Last!.Value);
                    _order.RemoveLast();
                }
            }
            return result;
        }
        finally
        {
            lock (_gate) _inflight.Remove(run.Id);
            _cores.Release();
        }
    }

    /// <summary>The headline figure with its interval (scoring the run when it is not known yet).</summary>
    public async Task<SuiteMetric?> HeadlineAsync(RunRecord run)
    {
        if (TryHeadline(run, out var known)) return known;
        var result = await ResultAsync(null, run, CancellationToken.None).ConfigureAwait(false);
        return result.Metrics.FirstOrDefault();
    }

    /// <summary>The headline figure with its interval when it is known already (no scoring).</summary>
    public bool TryHeadline(RunRecord run, out SuiteMetric? headline)
    {
        lock (_gate)
        {
            if (_headlines.TryGetValue(run.Id, out var hit) && hit.Stamp == Stamp(run))
            {
                headline = hit.Headline;
                return true;
            }
        }
        headline = null;
        return false;
    }

    /// <summary>A run with its accounting (kept while the run is unchanged).</summary>
    public async Task<RunSummary> SummaryAsync(RunCatalog catalog, RunRecord run, PriceTable prices, CancellationToken cancellationToken)
    {
        var stamp = Stamp(run);
        lock (_gate)
        {
            if (run.Status != RunStatus.Running && _usage.TryGetValue(run.Id, out var hit) && hit.Stamp == stamp) return new RunSummary(run, hit.Usage, prices.CostOf(hit.Usage));
        }
        var summary = await catalog.SummarizeAsync(run, cancellationToken).ConfigureAwait(false);
        if (run.Status != RunStatus.Running)
        {
            lock (_gate) _usage[run.Id] = (stamp, summary.Usage);
        }
        return summary;
    }
}
