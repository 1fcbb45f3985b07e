using Attune.Running;
using Attune.Storage;
using Attune.Suites;

namespace Attune.Web;

/// <summary>
/// Scored results of runs that are not running, kept while their stamp (status, end time, stored score) is unchanged, so
/// a page viewed twice is not scored twice. A running run is always scored afresh. At most <c>capacity</c> full results
/// are kept (least recently used first out); the headline intervals the leaderboard needs are kept for every run.
/// </summary>
internal sealed class ScoreCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, (string Stamp, ISuiteResult Result)> _results = [];
    private readonly LinkedList<long> _order = new();
    private readonly Dictionary<long, (string Stamp, SuiteMetric? Headline)> _headlines = [];

    private static string Stamp(RunRecord run) => $"{run.Status}|{run.EndedAt?.UtcTicks}|{run.Score}";

    /// <summary>The run scored from its transcripts (from the cache when unchanged).</summary>
    public async Task<ISuiteResult> ResultAsync(RunCatalog catalog, RunRecord run, CancellationToken cancellationToken)
    {
        var stamp = Stamp(run);
        lock (_gate)
        {
            if (_results.TryGetValue(run.Id, out var hit) && hit.Stamp == stamp)
            {
                _order.Remove(run.Id);
                _order.AddFirst(run.Id);
                return hit.Result;
            }
        }
        var result = await catalog.ScoreAsync(run, cancellationToken).ConfigureAwait(false);
        if (run.Status == RunStatus.Running) return result;
        var headline = result.Metrics.FirstOrDefault();
        lock (_gate)
        {
            _headlines[run.Id] = (stamp, headline);
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

    /// <summary>The headline metric of a run with its interval (from the cache when unchanged).</summary>
    public async Task<SuiteMetric?> HeadlineAsync(RunCatalog catalog, RunRecord run, CancellationToken cancellationToken)
    {
        var stamp = Stamp(run);
        lock (_gate)
        {
            if (_headlines.TryGetValue(run.Id, out var hit) && hit.Stamp == stamp) return hit.Headline;
        }
        var result = await ResultAsync(catalog, run, cancellationToken).ConfigureAwait(false);
        return result.Metrics.FirstOrDefault();
    }
}
