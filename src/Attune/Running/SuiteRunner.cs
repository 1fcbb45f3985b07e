using Attune.Chat;
using Attune.Storage;
using Attune.Suites;
using Microsoft.Extensions.AI;

namespace Attune.Running;

/// <summary>
/// Runs a suite against the models of its roles, backed by the run store: starts or resumes the run with the same
/// definition, composes each role's client (counting → store cache → concurrency share → retries → provider), runs the
/// trials with at most N in flight, then scores the stored transcripts and stores the metrics. It never knows what an
/// answer means.
/// </summary>
public static class SuiteRunner
{
    /// <summary>The metric that holds a run's number of trials (stored when the run starts).</summary>
    public const string TrialsMetric = "trials";

    /// <summary>The definition of a run (what makes two commands the same run).</summary>
    public static RunDefinition Define(ISuite suite, IReadOnlyList<RoleModel> roles)
        => new(suite.Name, ItemSetName(suite.ItemSet), suite.ItemSetHash, suite.SettingsJson,
            [.. roles.OrderBy(r => r.Role).Select(r => new RoleBinding(r.Role, r.Spec.ToString(), r.Endpoint))]);

    private static string ItemSetName(string source) => source.StartsWith("builtin:", StringComparison.Ordinal) ? source : Path.GetFullPath(source);

    /// <summary>Runs (or resumes) a suite and returns the finished run with its result.</summary>
    /// <exception cref="InputException">A role the suite needs is missing.</exception>
    /// <exception cref="ProviderException">A model could not be reached after retries (the run is stored as failed and can be resumed).</exception>
    /// <exception cref="OperationCanceledException">The run was stopped (it is stored as interrupted and can be resumed).</exception>
    public static async Task<RunOutcome> RunAsync(IRunStore store, ISuite suite, IReadOnlyList<RoleModel> roles, RunOptions options, CancellationToken cancellationToken)
    {
        if (options.Parallel < 1) throw new InputException("--parallel: must be at least 1");
        foreach (var needed in suite.Roles)
        {
            if (roles.All(r => r.Role != needed)) throw new InputException($"the {suite.Name} suite needs a {needed.Name()} model");
        }
        var (run, resumed) = await store.StartOrResumeAsync(Define(suite, roles), cancellationToken).ConfigureAwait(false);
        // the trial count lets readers (the dashboard's live page) show progress while the run goes on
        await store.SaveMetricsAsync(run.Id, new Dictionary<string, double>(StringComparer.Ordinal) { [TrialsMetric] = suite.TrialIds.Count }, cancellationToken).ConfigureAwait(false);
        options.OnStart?.Invoke(run, resumed);
        int completed = 0;
        var counters = roles.ToDictionary(r => r.Role, _ => new ChatCounter());
        void Report() => options.Progress?.Report(new RunProgress(Volatile.Read(ref completed), suite.TrialIds.Count,
            [.. counters.Select(c => new RoleProgress(c.Key, c.Value.Answers, c.Value.FromCache, c.Value.Failures))]));
        foreach (var c in counters.Values) c.Changed += Report;
        var clients = roles.ToDictionary(r => r.Role, r => Compose(store, run.Id, r, counters[r.Role], options.Fresh));
        try
        {
            Report();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(suite.TrialIds, parallel, async (trialId, ct) =>
            {
                await suite.RunTrialAsync(new TrialContext(trialId, clients), ct).ConfigureAwait(false);
                Interlocked.Increment(ref completed);
                Report();
            }).ConfigureAwait(false);
            var result = await ScoreAsync(store, suite, run.Id, cancellationToken).ConfigureAwait(false);
            var metrics = new Dictionary<string, double>(result.StoredMetrics(), StringComparer.Ordinal) { [TrialsMetric] = suite.TrialIds.Count };
            await store.FinishAsync(run.Id, RunStatus.Completed, metrics, null, CancellationToken.None).ConfigureAwait(false);
            return new RunOutcome((await store.GetRunAsync(run.Id, CancellationToken.None).ConfigureAwait(false))!, result, resumed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await store.FinishAsync(run.Id, RunStatus.Interrupted, null, "stopped by the user", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (AttuneException ex)
        {
            await store.FinishAsync(run.Id, RunStatus.Failed, null, ex.Message, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            foreach (var c in counters.Values) c.Changed -= Report;
        }
    }

    /// <summary>A role's client as runs use it: counting → store cache → concurrency share → retries → provider.</summary>
    public static IChatClient Compose(IRunStore store, long runId, RoleModel role, ChatCounter counter, bool fresh)
        => role.Client.AsBuilder()
            .UseCounting(counter)
            .UseRunStore(new StoreCacheOptions { Store = store, RunId = runId, Role = role.Role, Model = role.Spec.ToString(), Endpoint = role.Endpoint, Fresh = fresh })
            .UseConcurrencyLimit(role.Parallel)
            .UseRetries(o =>
            {
                o.MaxRetries = role.Retry.MaxRetries;
                o.BaseDelay = role.Retry.BaseDelay;
                o.MaxDelay = role.Retry.MaxDelay;
                o.MaxRetryAfter = role.Retry.MaxRetryAfter;
                o.RequestTimeout = role.Retry.RequestTimeout;
                o.UnreachableRetries = role.Retry.UnreachableRetries;
                o.Endpoint = role.Endpoint;
                o.OnFailure = f =>
                {
                    counter.AddFailure();
                    store.SaveFailureAsync(new FailureRecord(runId, role.Role, f.Tag?.TrialId ?? "", f.Tag?.Attempt ?? 0, f.Try, f.Kind, f.Message, f.RetryAfter?.TotalMilliseconds))
                        .GetAwaiter().GetResult();
                };
            })
            .Build();

    /// <summary>The transcripts of a stored run, by trial id.</summary>
    public static async Task<IReadOnlyDictionary<string, Transcript>> TranscriptsAsync(IRunStore store, long runId, CancellationToken cancellationToken)
    {
        var turns = await store.GetTurnsAsync(runId, cancellationToken).ConfigureAwait(false);
        var map = new Dictionary<string, Transcript>(StringComparer.Ordinal);
        int start = 0;
        for (int i = 1; i <= turns.Count; i++)
        {
            if (i < turns.Count && turns[i].TrialId == turns[start].TrialId) continue;
            var list = new Turn[i - start];
            for (int j = start; j < i; j++)
            {
                var t = turns[j];
                list[j - start] = new Turn(t.Role, t.Attempt, t.Sample, t.Text, t.FinishReason, t.Step);
            }
            map[turns[start].TrialId] = new Transcript(turns[start].TrialId, list);
            start = i;
        }
        return map;
    }

    /// <summary>Scores a stored run's transcripts with its suite (never asks a model).</summary>
    public static async Task<ISuiteResult> ScoreAsync(IRunStore store, ISuite suite, long runId, CancellationToken cancellationToken)
        => suite.Score(await TranscriptsAsync(store, runId, cancellationToken).ConfigureAwait(false));

    private sealed class TrialContext(string trialId, IReadOnlyDictionary<ModelRole, IChatClient> clients) : ITrialContext
    {
        public string TrialId => trialId;

        public IChatClient Client(ModelRole role)
            => clients.TryGetValue(role, out var c) ? c : throw new InvalidOperationException($"the run has no {role.Name()} model");
    }
}
