using System.Globalization;
using Attune.Storage;
using Attune.Suites;

namespace Attune.Running;

/// <summary>
/// Reads runs from a store the way every shell needs them: by id or <c>latest</c>, with accounting, scored again from
/// their transcripts (never asking a model), compared item by item, and chosen for item statistics.
/// </summary>
/// <param name="store">The store.</param>
/// <param name="prices">Prices for costs (empty when the user has none).</param>
public sealed class RunCatalog(IRunStore store, PriceTable prices)
{
    /// <summary>The store.</summary>
    public IRunStore Store => store;

    /// <summary>
    /// True when results must stay readable after the store is closed (a cache that outlives the request that opened
    /// the store): every run is then scored from all its transcripts read at once, even a suite that could read them one
    /// at a time. Default false.
    /// </summary>
    public bool SelfContainedResults { get; init; }

    /// <summary>A run by id, or the newest run for <c>latest</c>.</summary>
    /// <exception cref="InputException">No such run.</exception>
    public async Task<RunRecord> GetAsync(string idOrLatest, CancellationToken cancellationToken = default)
    {
        if (string.Equals(idOrLatest, "latest", StringComparison.OrdinalIgnoreCase))
        {
            var runs = await store.ListRunsAsync(cancellationToken).ConfigureAwait(false);
            return runs.Count > 0 ? runs[0] : throw new InputException($"{store.Location}: no runs yet");
        }
        if (!long.TryParse(idOrLatest, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) throw new InputException($"run \"{idOrLatest}\": expected a run id or latest");
        return await GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A run by id.</summary>
    /// <exception cref="InputException">No such run.</exception>
    public async Task<RunRecord> GetAsync(long id, CancellationToken cancellationToken = default)
        => await store.GetRunAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new InputException($"run {id.ToString(CultureInfo.InvariantCulture)}: no such run in {store.Location}");

    /// <summary>The suite a stored run used, rebuilt from its settings (the items must be unchanged).</summary>
    public static ISuite SuiteOf(RunRecord run) => SuiteRegistry.Rebuild(run.Suite, run.ItemSet, run.ItemSetHash, run.Settings, $"run {run.Id.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Scores a stored run from its transcripts (never asks a model).</summary>
    /// <remarks>A rating run (<c>attune rate</c>) is read from the ladder it stored.</remarks>
    public Task<ISuiteResult> ScoreAsync(RunRecord run, CancellationToken cancellationToken = default)
        => run.Suite == RatingRunner.SuiteName ? Task.FromResult(RatingRunner.ResultOf(run)) : SuiteRunner.ScoreAsync(store, SuiteOf(run), run.Id, cancellationToken, SelfContainedResults);

    /// <summary>Scores a stored run again and stores its metrics; its status and end time stay as they were.</summary>
    public async Task<ISuiteResult> RescoreAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Suite == RatingRunner.SuiteName)
        {
            throw new InputException($"run {run.Id.ToString(CultureInfo.InvariantCulture)} is a rating: run `attune rate` again to rate afresh (its stored judgements are reused, none is asked twice)");
        }
        var result = await ScoreAsync(run, cancellationToken).ConfigureAwait(false);
        var metrics = new Dictionary<string, double>(result.StoredMetrics(), StringComparer.Ordinal);
        if (run.Metrics.TryGetValue(SuiteRunner.TrialsMetric, out var trials)) metrics[SuiteRunner.TrialsMetric] = trials;
        await store.SaveMetricsAsync(run.Id, metrics, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>A run with its accounting.</summary>
    public async Task<RunSummary> SummarizeAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        var usage = await store.GetUsageAsync(run.Id, cancellationToken).ConfigureAwait(false);
        return new RunSummary(run, usage, prices.CostOf(usage));
    }

    /// <summary>Every run with its accounting, newest first.</summary>
    public async Task<IReadOnlyList<RunSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var runs = await store.ListRunsAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<RunSummary>(runs.Count);
        foreach (var run in runs) list.Add(await SummarizeAsync(run, cancellationToken).ConfigureAwait(false));
        return list;
    }

    /// <summary>Token totals per model and role over runs.</summary>
    public IReadOnlyList<ModelUsage> UsageByModel(IReadOnlyList<RunSummary> summaries)
        => [.. summaries
            .SelectMany(s => s.Usage.Roles.Select(u => (s.Run.Id, Usage: u)))
            .GroupBy(x => (x.Usage.Model, x.Usage.Role))
            .OrderBy(g => g.Key.Role).ThenBy(g => g.Key.Model, StringComparer.Ordinal)
            .Select(g =>
            {
                long input = g.Sum(x => x.Usage.InputTokens), output = g.Sum(x => x.Usage.OutputTokens);
                return new ModelUsage(g.Key.Model, g.Key.Role, g.Select(x => x.Id).Distinct().Count(), g.Sum(x => x.Usage.Asked), input, output, prices.CostOf(g.Key.Model, input, output));
            })];

    /// <summary>Compares two runs on the same items: B − A with a bootstrap 95% CI over items and a paired permutation test.</summary>
    /// <exception cref="InputException">The runs used different suites or items.</exception>
    public async Task<RunComparison> CompareAsync(RunRecord a, RunRecord b, CancellationToken cancellationToken = default)
    {
        if (a.ItemSetHash != b.ItemSetHash || a.Suite != b.Suite)
        {
            throw new InputException($"runs {a.Id} and {b.Id} used different suites or item sets; a paired comparison needs the same items");
        }
        var resultA = await ScoreAsync(a, cancellationToken).ConfigureAwait(false);
        var resultB = await ScoreAsync(b, cancellationToken).ConfigureAwait(false);
        return Compare(a, resultA, b, resultB);
    }

    /// <summary>Compares two runs already scored (B − A), as <see cref="CompareAsync"/> does.</summary>
    /// <exception cref="InputException">The runs used different suites or items.</exception>
    public static RunComparison Compare(RunRecord a, ISuiteResult resultA, RunRecord b, ISuiteResult resultB)
    {
        if (a.ItemSetHash != b.ItemSetHash || a.Suite != b.Suite)
        {
            throw new InputException($"runs {a.Id} and {b.Id} used different suites or item sets; a paired comparison needs the same items");
        }
        var scoresA = resultA.ItemScores();
        var scoresB = resultB.ItemScores();
        var common = scoresA.Keys.Where(scoresB.ContainsKey).ToList();
        var paired = Statistics.PairedComparison.Compute([.. common.Select(k => scoresA[k])], [.. common.Select(k => scoresB[k])]);
        return new RunComparison(a, b, resultA.Score, resultB.Score, paired);
    }

    /// <summary>
    /// Runs for item statistics: the given ids (all of <paramref name="suite"/>, on one item set), or every completed run
    /// of the suite on the same items as the newest one.
    /// </summary>
    public async Task<IReadOnlyList<RunRecord>> ChooseRunsAsync(string suite, IReadOnlyList<long>? ids, CancellationToken cancellationToken = default)
    {
        List<RunRecord> runs;
        if (ids is { Count: > 0 })
        {
            runs = [];
            foreach (var id in ids)
            {
                var run = await GetAsync(id, cancellationToken).ConfigureAwait(false);
                if (run.Suite != suite) throw new InputException($"--runs: run {id} is a {run.Suite} run, not a {suite} run");
                runs.Add(run);
            }
            if (runs.Select(r => r.ItemSetHash).Distinct().Count() > 1) throw new InputException("--runs: the runs used different item sets");
            return runs;
        }
        var completed = (await store.ListRunsAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.Suite == suite && r.Status == RunStatus.Completed).ToList();
        if (completed.Count == 0) throw new InputException($"{store.Location}: no completed {suite} runs (run `attune run --suite {suite}` first)");
        var hash = completed[0].ItemSetHash;
        return [.. completed.Where(r => r.ItemSetHash == hash).OrderBy(r => r.Id)];
    }
}
