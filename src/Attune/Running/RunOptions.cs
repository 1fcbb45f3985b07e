using Attune.Storage;

namespace Attune.Running;

/// <summary>How to run a suite.</summary>
public sealed class RunOptions
{
    /// <summary>Trials in flight at most.</summary>
    public int Parallel { get; init; } = 8;

    /// <summary>Ignore answers stored by earlier runs and ask again.</summary>
    public bool Fresh { get; init; }

    /// <summary>Receives progress; may be null.</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>Called with the run once it is started or resumed, before any request.</summary>
    public Action<RunRecord, bool>? OnStart { get; init; }

    /// <summary>
    /// Run only this shard's trials (null: every trial). Shards of one run are ordinary writers of the same run; the run
    /// is scored and completed by whichever finishes the last trial.
    /// </summary>
    public RunShard? Shard { get; init; }

    /// <summary>
    /// When the newest run with the same definition is completed, return it (scored from the store) instead of starting
    /// a new run (matrix cells and shards; a plain rerun starts a new run answered from the cache).
    /// </summary>
    public bool JoinCompleted { get; init; }

    /// <summary>The worker identity claims are held under (default: a new one for this call).</summary>
    public Worker? Worker { get; init; }

    /// <summary>How long a claim lasts without a heartbeat (heartbeats come every third of it).</summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often to look again at work another live worker holds.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
