namespace Attune.Storage;

/// <summary>
/// The run store: runs with their role bindings, every raw response (committed the moment it arrives), which responses
/// each trial of each run used (its turns), transport failures, and each run's named metrics. It doubles as the
/// response cache: a request whose key is stored is never sent again. It knows nothing of suites.
/// <para>
/// Several processes (and machines, for a server store) may write to one store at once. They coordinate with claims:
/// a worker claims a trial of a run before running it and a request before asking it, renews its claims while it
/// works, and the trials it finishes are marked done. A claim of a worker whose process is gone (same host) or whose
/// lease expired (any host) is stale and is taken over.
/// </para>
/// </summary>
public interface IRunStore : IAsyncDisposable, IDisposable
{
    /// <summary>Where the store lives (a file path or a server address; never a password).</summary>
    string Location { get; }

    /// <summary>Starts a run, or resumes the latest unfinished run (running, interrupted or failed) with the same command key.</summary>
    /// <returns>The run and whether it was resumed.</returns>
    Task<(RunRecord Run, bool Resumed)> StartOrResumeAsync(RunDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The newest run with a command key (finished or not), or null.</summary>
    Task<RunRecord?> FindLatestRunAsync(string commandKey, CancellationToken cancellationToken = default);

    /// <summary>The newest stored response for a cache key; with <paramref name="onlyRun"/>, only one that run asked for.</summary>
    Task<StoredResponse?> FindResponseAsync(string cacheKey, long? onlyRun = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a response (its own transaction), records it as a turn of its run's trial and ends any claim on its
    /// request (<see cref="ClaimScopes.Request"/>); returns its id.
    /// </summary>
    Task<long> SaveResponseAsync(NewResponse response, CancellationToken cancellationToken = default);

    /// <summary>Records that a run's trial used a response stored earlier (by this or another run) as one of its turns.</summary>
    Task LinkCachedAsync(long runId, string trialId, Attune.Chat.ModelRole role, int attempt, int sample, string step, StoredResponse response, CancellationToken cancellationToken = default);

    /// <summary>Records a failed try (never a model answer).</summary>
    Task SaveFailureAsync(FailureRecord failure, CancellationToken cancellationToken = default);

    /// <summary>Every turn of a run, by trial and in the order the trial first asked.</summary>
    Task<IReadOnlyList<TurnRecord>> GetTurnsAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>The turns of one trial of a run, in the order the trial first asked (empty when it has none).</summary>
    Task<IReadOnlyList<TurnRecord>> GetTrialTurnsAsync(long runId, string trialId, CancellationToken cancellationToken = default);

    /// <summary>The exact request messages stored under a hash, as canonical JSON, or null.</summary>
    Task<string?> GetMessagesJsonAsync(string messagesHash, CancellationToken cancellationToken = default);

    /// <summary>Marks a run finished (completed, failed or interrupted) with its metrics, if any (replacing earlier ones).</summary>
    Task FinishAsync(long runId, RunStatus status, IReadOnlyDictionary<string, double>? metrics, string? error, CancellationToken cancellationToken = default);

    /// <summary>Replaces a run's metrics without touching its status or end time (rescoring).</summary>
    Task SaveMetricsAsync(long runId, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken = default);

    /// <summary>One run, or null.</summary>
    Task<RunRecord?> GetRunAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>All runs, newest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken cancellationToken = default);

    /// <summary>Token accounting of a run, per role.</summary>
    Task<RunUsage> GetUsageAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>Stores a run-time guard verdict; returns its id.</summary>
    Task<long> SaveVerdictAsync(GuardVerdictRecord verdict, CancellationToken cancellationToken = default);

    /// <summary>Guard verdicts with an id above <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<GuardVerdictRecord>> GetVerdictsAsync(long afterId = 0, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims work for a worker for <paramref name="lease"/>: acquired when nobody holds it, when the worker already does
    /// (the lease is renewed), or when the holder is stale (<see cref="Worker.SeesStale"/>); otherwise the live holder.
    /// </summary>
    Task<ClaimAttempt> TryClaimAsync(string scope, long? runId, Worker worker, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Extends every claim of a worker by <paramref name="lease"/> from now (the heartbeat); returns how many.</summary>
    Task<int> RenewClaimsAsync(Worker worker, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Ends a worker's claim (a claim held by someone else is left alone).</summary>
    Task ReleaseClaimAsync(string scope, Worker worker, CancellationToken cancellationToken = default);

    /// <summary>Ends every claim of a worker.</summary>
    Task ReleaseClaimsAsync(Worker worker, CancellationToken cancellationToken = default);

    /// <summary>The claims on a run's work (live or stale, as stored), and the store's clock.</summary>
    Task<(IReadOnlyList<Claim> Claims, DateTimeOffset Now)> GetClaimsAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>Marks a trial of a run finished and ends the worker's claim on it, in one transaction.</summary>
    Task MarkTrialDoneAsync(long runId, string trialId, Worker? worker, CancellationToken cancellationToken = default);

    /// <summary>The trials of a run marked finished.</summary>
    Task<IReadOnlySet<string>> GetDoneTrialsAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>Everything stored about one run (for <c>attune store copy</c>).</summary>
    Task<RunExport> ExportRunAsync(long runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a run exported from another store, with its roles, metrics, failures, finished trials, the responses it asked
    /// for and their messages (times kept); its turns follow with <see cref="ImportTurnsAsync"/> once every run's
    /// responses have new ids.
    /// </summary>
    Task<RunImport> ImportRunAsync(RunExport run, CancellationToken cancellationToken = default);

    /// <summary>Adds a run's turns (their response ids already this store's), in order.</summary>
    Task ImportTurnsAsync(long runId, IReadOnlyList<TurnRow> turns, CancellationToken cancellationToken = default);
}
