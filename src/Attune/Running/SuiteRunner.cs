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

    /// <summary>The definition of a run from role bindings (what a plan needs without creating any client).</summary>
    public static RunDefinition Define(ISuite suite, IReadOnlyList<RoleBinding> roles)
        => new(suite.Name, ItemSetName(suite.ItemSet), suite.ItemSetHash, suite.SettingsJson, [.. roles.OrderBy(r => r.Role)]);

    private static string ItemSetName(string source) => source.StartsWith("builtin:", StringComparison.Ordinal) ? source : Path.GetFullPath(source);

    /// <summary>
    /// Runs (or resumes, or joins) a suite and returns the run with its result. Each trial is claimed before it runs and
    /// marked done after, so several processes running the same command (or the shards of one) share the run without
    /// asking anything twice: a trial another live process holds is left to it and waited for. With a shard, only the
    /// shard's trials are run and the outcome is incomplete (<see cref="RunOutcome.Complete"/> false) until every shard
    /// is done; whoever finishes the last trial scores and completes the run.
    /// </summary>
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
        var definition = Define(suite, roles);
        if (options.JoinCompleted && await store.FindLatestRunAsync(definition.CommandKey, cancellationToken).ConfigureAwait(false) is { Status: RunStatus.Completed } finished)
        {
            options.OnStart?.Invoke(finished, true);
            var stored = await ScoreAsync(store, suite, finished.Id, cancellationToken).ConfigureAwait(false);
            options.Progress?.Report(new RunProgress(suite.TrialIds.Count, suite.TrialIds.Count, []));
            return new RunOutcome(finished, stored, true) { TrialsDone = suite.TrialIds.Count };
        }
        var (run, resumed) = await store.StartOrResumeAsync(definition, cancellationToken).ConfigureAwait(false);
        // the trial count lets readers (the dashboard's live page) show progress while the run goes on
        await store.SaveMetricsAsync(run.Id, new Dictionary<string, double>(StringComparer.Ordinal) { [TrialsMetric] = suite.TrialIds.Count }, cancellationToken).ConfigureAwait(false);
        options.OnStart?.Invoke(run, resumed);
        var worker = options.Worker ?? Worker.Create(); // one identity per run call, so two runs in one process never release each other's claims
        var mine = options.Shard is { } shard ? suite.TrialIds.Where(shard.Contains).ToList() : [.. suite.TrialIds];
        int completed = 0;
        var counters = roles.ToDictionary(r => r.Role, _ => new ChatCounter());
        void Report() => options.Progress?.Report(new RunProgress(Volatile.Read(ref completed), mine.Count,
            [.. counters.Select(c => new RoleProgress(c.Key, c.Value.Answers, c.Value.FromCache, c.Value.Failures))]));
        foreach (var c in counters.Values) c.Changed += Report;
        var clients = roles.ToDictionary(r => r.Role, r => Compose(store, run.Id, r, counters[r.Role], options.Fresh, worker, options.ClaimLease));
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(store, worker, options.ClaimLease, heartbeatStop.Token);
        try
        {
            var done = await store.GetDoneTrialsAsync(run.Id, cancellationToken).ConfigureAwait(false);
            var pending = mine.Where(t => !done.Contains(t)).ToList();
            completed = mine.Count - pending.Count;
            Report();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = cancellationToken };
            while (pending.Count > 0)
            {
                var held = new System.Collections.Concurrent.ConcurrentBag<string>();
                await Parallel.ForEachAsync(pending, parallel, async (trialId, ct) =>
                {
                    var claim = await store.TryClaimAsync(ClaimScopes.Trial(run.Id, trialId), run.Id, worker, options.ClaimLease, ct).ConfigureAwait(false);
                    if (!claim.Acquired)
                    {
                        held.Add(trialId); // another live process runs it: wait for it below
                        return;
                    }
                    await suite.RunTrialAsync(new TrialContext(trialId, clients), ct).ConfigureAwait(false);
                    await store.MarkTrialDoneAsync(run.Id, trialId, worker, CancellationToken.None).ConfigureAwait(false);
                    Interlocked.Increment(ref completed);
                    Report();
                }).ConfigureAwait(false);
                if (held.IsEmpty) break;
                await Task.Delay(options.PollInterval, cancellationToken).ConfigureAwait(false);
                done = await store.GetDoneTrialsAsync(run.Id, cancellationToken).ConfigureAwait(false);
                pending = [.. held.Where(t => !done.Contains(t))];
                Volatile.Write(ref completed, mine.Count - pending.Count);
                Report();
            }
            done = await store.GetDoneTrialsAsync(run.Id, cancellationToken).ConfigureAwait(false);
            int whole = suite.TrialIds.Count(done.Contains);
            var result = await ScoreAsync(store, suite, run.Id, cancellationToken).ConfigureAwait(false);
            if (whole < suite.TrialIds.Count)
            {
                // a shard's part is done; the run is completed by whichever shard finishes its last trial
                return new RunOutcome((await store.GetRunAsync(run.Id, CancellationToken.None).ConfigureAwait(false))!, result, resumed) { Complete = false, TrialsDone = whole };
            }
            var metrics = new Dictionary<string, double>(result.StoredMetrics(), StringComparer.Ordinal) { [TrialsMetric] = suite.TrialIds.Count };
            await store.FinishAsync(run.Id, RunStatus.Completed, metrics, null, CancellationToken.None).ConfigureAwait(false);
            return new RunOutcome((await store.GetRunAsync(run.Id, CancellationToken.None).ConfigureAwait(false))!, result, resumed) { TrialsDone = whole };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopAsync(store, run.Id, worker, RunStatus.Interrupted, "stopped by the user").ConfigureAwait(false);
            throw;
        }
        catch (AttuneException ex)
        {
            await StopAsync(store, run.Id, worker, RunStatus.Failed, ex.Message).ConfigureAwait(false);
            throw;
        }
        finally
        {
            foreach (var c in counters.Values) c.Changed -= Report;
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            try
            {
                await store.ReleaseClaimsAsync(worker, CancellationToken.None).ConfigureAwait(false);
            }
            catch (AttuneException)
            {
                // the store is gone: the claims expire by themselves
            }
        }
    }

    // A stopped writer marks the run interrupted or failed, unless other live writers (shards, joined processes) still work on it.
    private static async Task StopAsync(IRunStore store, long runId, Worker worker, RunStatus status, string error)
    {
        try
        {
            var (claims, now) = await store.GetClaimsAsync(runId, CancellationToken.None).ConfigureAwait(false);
            if (claims.Any(c => c.Owner != worker.Id && !worker.SeesStale(c, now))) return;
            await store.FinishAsync(runId, status, null, error, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AttuneException)
        {
            // the store itself failed: the run stays "running", which resumes just the same
        }
    }

    private static async Task HeartbeatAsync(IRunStore store, Worker worker, TimeSpan lease, CancellationToken stop)
    {
        var every = lease / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, stop).ConfigureAwait(false);
                await store.RenewClaimsAsync(worker, lease, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (AttuneException)
            {
                // a missed heartbeat is retried at the next beat; the lease has room for two misses
            }
        }
    }

    /// <summary>A role's client as runs use it: counting → store cache → concurrency share → retries → provider.</summary>
    public static IChatClient Compose(IRunStore store, long runId, RoleModel role, ChatCounter counter, bool fresh)
        => Compose(store, runId, role, counter, fresh, null, TimeSpan.FromSeconds(30));

    /// <summary>A role's client as runs use it, its requests claimed under <paramref name="worker"/> (when given) before they are asked.</summary>
    public static IChatClient Compose(IRunStore store, long runId, RoleModel role, ChatCounter counter, bool fresh, Worker? worker, TimeSpan claimLease)
        => role.Client.AsBuilder()
            .UseCounting(counter)
            .UseRunStore(new StoreCacheOptions { Store = store, RunId = runId, Role = role.Role, Model = role.Spec.ToString(), Endpoint = role.Endpoint, Fresh = fresh, Worker = worker, ClaimLease = claimLease })
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
            map[turns[start].TrialId] = ToTranscript(turns, start, i);
            start = i;
        }
        return map;
    }

    /// <summary>One trial's transcript from its stored turns <c>[start, end)</c>.</summary>
    internal static Transcript ToTranscript(IReadOnlyList<TurnRecord> turns, int start, int end)
    {
        var list = new Turn[end - start];
        for (int j = start; j < end; j++)
        {
            var t = turns[j];
            list[j - start] = new Turn(t.Role, t.Attempt, t.Sample, t.Text, t.FinishReason, t.Step);
        }
        return new Transcript(turns[start].TrialId, list);
    }

    /// <summary>
    /// Scores a stored run's transcripts with its suite (never asks a model). A suite that scores trial by trial gets
    /// transcripts read from the store as it looks them up, so the result must be read while the store is open, unless
    /// <paramref name="selfContained"/> asks for every transcript at once.
    /// </summary>
    public static async Task<ISuiteResult> ScoreAsync(IRunStore store, ISuite suite, long runId, CancellationToken cancellationToken, bool selfContained = false)
        => suite.Score(suite.ScoresTrialByTrial && !selfContained
            ? new StoredTranscripts(store, runId, suite.TrialIds)
            : await TranscriptsAsync(store, runId, cancellationToken).ConfigureAwait(false));

    private sealed class TrialContext(string trialId, IReadOnlyDictionary<ModelRole, IChatClient> clients) : ITrialContext
    {
        public string TrialId => trialId;

        public IChatClient Client(ModelRole role)
            => clients.TryGetValue(role, out var c) ? c : throw new InvalidOperationException($"the run has no {role.Name()} model");
    }
}
