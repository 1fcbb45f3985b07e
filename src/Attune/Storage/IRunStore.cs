namespace Attune.Storage;

/// <summary>
/// The run store: runs with their role bindings, every raw response (committed the moment it arrives), which responses
/// each trial of each run used (its turns), transport failures, and each run's named metrics. It doubles as the
/// response cache: a request whose key is stored is never sent again. It knows nothing of suites.
/// </summary>
public interface IRunStore : IAsyncDisposable, IDisposable
{
    /// <summary>Where the store lives (a file path or a server address; never a password).</summary>
    string Location { get; }

    /// <summary>Starts a run, or resumes the latest unfinished run (running, interrupted or failed) with the same command key.</summary>
    /// <returns>The run and whether it was resumed.</returns>
    Task<(RunRecord Run, bool Resumed)> StartOrResumeAsync(RunDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The newest stored response for a cache key; with <paramref name="onlyRun"/>, only one that run asked for.</summary>
    Task<StoredResponse?> FindResponseAsync(string cacheKey, long? onlyRun = null, CancellationToken cancellationToken = default);

    /// <summary>Stores a response (its own transaction) and records it as a turn of its run's trial; returns its id.</summary>
    Task<long> SaveResponseAsync(NewResponse response, CancellationToken cancellationToken = default);

    /// <summary>Records that a run's trial used a response stored earlier (by this or another run) as one of its turns.</summary>
    Task LinkCachedAsync(long runId, string trialId, Attune.Chat.ModelRole role, int attempt, int sample, string step, StoredResponse response, CancellationToken cancellationToken = default);

    /// <summary>Records a failed try (never a model answer).</summary>
    Task SaveFailureAsync(FailureRecord failure, CancellationToken cancellationToken = default);

    /// <summary>Every turn of a run, by trial and in the order the trial first asked.</summary>
    Task<IReadOnlyList<TurnRecord>> GetTurnsAsync(long runId, CancellationToken cancellationToken = default);

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
}
