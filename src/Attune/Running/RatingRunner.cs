using System.Globalization;
using System.Text.Json.Nodes;
using Attune.Chat;
using Attune.Storage;
using Attune.Suites;
using Attune.Suites.Eq3;

namespace Attune.Running;

/// <summary>
/// <c>attune rate</c>: rates the subjects of stored eq3 runs pairwise. The judgements are a run of their own in the
/// store (suite <c>eq3-rating</c>, the judge its only role), so each is stored as it arrives and never asked twice; the
/// ratings are that run's metrics (<c>elo:&lt;model&gt;</c> and friends).
/// </summary>
public static class RatingRunner
{
    /// <summary>The suite name rating runs are stored under.</summary>
    public const string SuiteName = "eq3-rating";

    /// <summary>The result of a stored rating run: its ladder and win rates, read from the figures it stored (no model is asked).</summary>
    public static ISuiteResult ResultOf(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new Eq3RatingResult(SuiteName, run.Metrics);
    }

    /// <summary>The eq3 runs to rate: the given ids, or every eq3 run in the store (a finished or unfinished one; unfinished tasks are simply not eligible).</summary>
    public static async Task<IReadOnlyList<RunRecord>> ChooseRunsAsync(IRunStore store, IReadOnlyList<long>? ids, CancellationToken ct)
    {
        var all = await store.ListRunsAsync(ct).ConfigureAwait(false);
        var chosen = ids is { Count: > 0 }
            ? [.. ids.Select(id => all.FirstOrDefault(r => r.Id == id) ?? throw new InputException($"--runs: no run {id.ToString(CultureInfo.InvariantCulture)} in {store.Location}"))]
            : all.Where(r => r.Suite == Eq3Suite.Name).OrderBy(r => r.Id).ToList();
        foreach (var r in chosen)
        {
            if (r.Suite != Eq3Suite.Name) throw new InputException($"--runs: run {r.Id.ToString(CultureInfo.InvariantCulture)} is a {r.Suite} run, not an eq3 run");
        }
        if (chosen.Count == 0) throw new InputException($"{store.Location}: no eq3 runs to rate (run `attune run --suite eq3` first)");
        if (chosen.Select(r => r.ItemSetHash).Distinct().Count() > 1) throw new InputException("--runs: the runs used different scenario sets; pairwise judging needs the same scenarios");
        return [.. chosen.OrderBy(r => r.Id)];
    }

    /// <summary>Rates the subjects of the runs and stores the judgements and ratings.</summary>
    public static async Task<(RunRecord Run, Eq3Rating Rating)> RateAsync(IRunStore store, IReadOnlyList<RunRecord> runs, RoleModel judge, bool allPairs,
        Eq3Leaderboard? leaderboard, IProgress<RunProgress>? progress, CancellationToken ct)
    {
        Eq3Suite? suite = null;
        var tasks = new List<KeyValuePair<string, IReadOnlyList<Eq3Task>>>();
        // a model is named on the ladder by its model part (as the public leaderboard names models), or by its whole
        // spec when two providers' models would share that name
        var clashes = runs.Select(r => r.Model).Distinct().GroupBy(Eq3Rater.LogicalName).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var run in runs)
        {
            suite = (Eq3Suite)RunCatalog.SuiteOf(run);
            var transcripts = await SuiteRunner.TranscriptsAsync(store, run.Id, ct).ConfigureAwait(false);
            var items = suite.TrialIds.Select(id => suite.Replay(id, transcripts.GetValueOrDefault(id)).Task).ToList();
            var name = clashes.Contains(Eq3Rater.LogicalName(run.Model)) ? run.Model : Eq3Rater.LogicalName(run.Model);
            int at = tasks.FindIndex(t => t.Key == name);
            if (at < 0) tasks.Add(new(name, items));
            else
            {
                // a later run of the same model replaces the earlier one's tasks, scenario by scenario (spec §4.1)
                var merged = tasks[at].Value.ToDictionary(t => (t.ScenarioId, t.IterationKey));
                foreach (var t in items.Where(t => t.History.Count > 0)) merged[(t.ScenarioId, t.IterationKey)] = t;
                tasks[at] = new(name, [.. merged.Values]);
            }
        }
        if (leaderboard is not null)
        {
            foreach (var (model, list) in leaderboard.Tasks) if (tasks.All(t => t.Key != model)) tasks.Insert(0, new(model, list));
        }
        var settings = new JsonObject
        {
            ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)r.Id)]),
            ["allPairs"] = allPairs,
            ["leaderboard"] = leaderboard is null ? null : true,
        }.ToJsonString();
        var definition = new RunDefinition(SuiteName, runs[0].ItemSet, runs[0].ItemSetHash, settings, [new RoleBinding(ModelRole.Judge, judge.Spec.ToString(), judge.Endpoint)]);
        var (record, _) = await store.StartOrResumeAsync(definition, ct).ConfigureAwait(false);
        var counter = new ChatCounter();
        counter.Changed += () => progress?.Report(new RunProgress(0, 0, [new RoleProgress(ModelRole.Judge, counter.Answers, counter.FromCache, counter.Failures)]));
        var client = SuiteRunner.Compose(store, record.Id, judge, counter, fresh: false);
        var rater = new Eq3Rater(suite!.Data, client, (trial, attempt, sample, options) => new TrialTag(trial, attempt, sample).On(options));
        try
        {
            var rating = await rater.RateAsync(tasks, leaderboard?.Comparisons ?? [], leaderboard?.Ratings ?? new Dictionary<string, double>(), allPairs, ct).ConfigureAwait(false);
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["models"] = rating.Ratings.Count,
                ["comparisons"] = rating.Comparisons.Count,
                [Eq3RatingResult.NormalizedMetric] = rating.Normalized ? 1 : 0,
            };
            var kinds = suite.Data.Scenarios.ToDictionary(s => s.Id, s => s.Kind, StringComparer.Ordinal);
            foreach (var (name, rate) in Eq3RatingResult.WinRates(rating.Comparisons, id => kinds.TryGetValue(id, out var k) ? k : Eq3Scenario.KindOf(id))) metrics[name] = rate;
            foreach (var (model, r) in rating.Ratings)
            {
                metrics["elo:" + model] = r.Elo;
                metrics["eloNorm:" + model] = r.EloNorm;
                metrics["sigma:" + model] = r.Sigma;
                metrics["ciLow:" + model] = r.CiLow;
                metrics["ciHigh:" + model] = r.CiHigh;
            }
            await store.FinishAsync(record.Id, RunStatus.Completed, metrics, null, CancellationToken.None).ConfigureAwait(false);
            return ((await store.GetRunAsync(record.Id, CancellationToken.None).ConfigureAwait(false))!, rating);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await store.FinishAsync(record.Id, RunStatus.Interrupted, null, "stopped by the user", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (AttuneException ex)
        {
            await store.FinishAsync(record.Id, RunStatus.Failed, null, ex.Message, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }
}
