using System.Collections.Concurrent;
using Attune.Running;
using Attune.Storage;

namespace Attune.Web;

/// <summary>What every request shares: the options, the imported reference figures, prices, and the cache of scored runs.</summary>
internal sealed class DashboardState
{
    private readonly ConcurrentDictionary<string, byte> _logged = new(StringComparer.Ordinal);

    private DashboardState(DashboardOptions options, ReferenceFigures reference, PriceTable prices)
    {
        Options = options;
        Reference = reference;
        Prices = prices;
        Scores = new ScoreCache(capacity: 48, run => WithCatalogAsync(c => c.ScoreAsync(run, CancellationToken.None)));
    }

    public DashboardOptions Options { get; }

    public ReferenceFigures Reference { get; }

    public PriceTable Prices { get; }

    public ScoreCache Scores { get; }

    public string StorePath => Options.StorePath;

    public static DashboardState Create(DashboardOptions options)
    {
        var reference = options.ReferencePath is { } path ? ReferenceFigures.Load(path) : ReferenceFigures.Empty;
        var prices = PriceTable.Load(options.PricesPath);
        var state = new DashboardState(options, reference, prices);
        if (!RunStores.IsServer(options.StorePath) && !File.Exists(options.StorePath)) state.LogOnce($"no run store at {options.StorePath} yet; the pages say so until `attune run` creates one");
        return state;
    }

    /// <summary>Writes a log line.</summary>
    public void Log(string line) => Options.Log?.Invoke(line.ReplaceLineEndings(" "));

    /// <summary>Writes a log line the first time it occurs (a missing store is reported once, not on every request).</summary>
    public void LogOnce(string line)
    {
        if (_logged.TryAdd(line, 0)) Log(line);
    }

    /// <summary>Opens the store read-only for one request and runs <paramref name="body"/> with its catalog.</summary>
    /// <exception cref="StoreUnavailableException">The store is missing, foreign, damaged or from another Attune.</exception>
    public async Task<T> WithCatalogAsync<T>(Func<RunCatalog, Task<T>> body)
    {
        if (!RunStores.IsServer(StorePath) && !File.Exists(StorePath))
        {
            throw new StoreUnavailableException($"{StorePath}: no run store there yet (run `attune run` first, or start `attune serve --db PATH` with another store)");
        }
        IRunStore store;
        try
        {
            store = RunStores.OpenReadOnly(StorePath);
        }
        catch (InputException ex)
        {
            LogOnce("store unavailable: " + ex.Message);
            throw new StoreUnavailableException(ex.Message);
        }
        await using (store.ConfigureAwait(false))
        {
            return await body(new RunCatalog(store, Prices) { SelfContainedResults = true }).ConfigureAwait(false); // results are cached past the request
        }
    }

    /// <summary>Every run with its accounting, newest first (a finished run's accounting is read once).</summary>
    public async Task<IReadOnlyList<RunSummary>> SummariesAsync(RunCatalog catalog, CancellationToken ct)
    {
        var runs = await catalog.Store.ListRunsAsync(ct).ConfigureAwait(false);
        var list = new List<RunSummary>(runs.Count);
        foreach (var run in runs) list.Add(await Scores.SummaryAsync(catalog, run, Prices, ct).ConfigureAwait(false));
        return list;
    }

    /// <summary>
    /// Scores the leaderboard's runs and reads every run's accounting once in the background, so visitors find the
    /// intervals and the run list ready.
    /// </summary>
    public void Warm(CancellationToken stopping) => _ = Task.Run(async () =>
    {
        try
        {
            _ = Attune.Emotions.BuiltInEstimator.Load(); // 16 MB of weights: read before the first visitor of the estimate page
            var board = await WithCatalogAsync(catalog => LeaderboardBuilder.BuildAsync(this, catalog, LeaderboardQuery.Default, stopping)).ConfigureAwait(false);
            await Task.WhenAll(board.Pending).WaitAsync(stopping).ConfigureAwait(false);
            await WithCatalogAsync(catalog => SummariesAsync(catalog, stopping)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or OperationCanceledException or InputException)
        {
            // the pages report it
        }
#pragma warning disable CA1031 // a warm-up must never take the server down; the pages report real errors
        catch (Exception ex)
        {
            Log($"warm-up failed ({ex.GetType().Name}): {ex.Message}");
        }
#pragma warning restore CA1031
    }, stopping);
}
