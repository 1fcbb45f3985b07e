using Attune.Storage;
using Attune.Suites;

namespace Attune.Running;

/// <summary>A run after this process's part: its stored record (with metrics) and the scored result.</summary>
/// <param name="Run">The run as stored after finishing.</param>
/// <param name="Result">The scored result.</param>
/// <param name="Resumed">True when an unfinished run with the same definition was continued.</param>
public sealed record RunOutcome(RunRecord Run, ISuiteResult Result, bool Resumed)
{
    /// <summary>
    /// False when this process ran its shard and other shards' trials are still to do: the run is not scored yet and
    /// <see cref="Result"/> covers only the trials done so far.
    /// </summary>
    public bool Complete { get; init; } = true;

    /// <summary>Trials of the run done so far (by every writer).</summary>
    public int TrialsDone { get; init; }
}
