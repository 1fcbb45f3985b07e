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
    public Action<Attune.Storage.RunRecord, bool>? OnStart { get; init; }
}
