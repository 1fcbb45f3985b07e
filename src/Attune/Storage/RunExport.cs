namespace Attune.Storage;

/// <summary>
/// Everything a store holds about one run, for moving it to another store without loss: the run with its roles and
/// metrics, the responses it asked for (with their request messages), its turns (by response id), its transport
/// failures and the trials it finished.
/// </summary>
/// <param name="Run">The run (its id is the source store's).</param>
/// <param name="Responses">The responses the run asked for, oldest first.</param>
/// <param name="Messages">Request messages by hash, for those responses.</param>
/// <param name="Turns">The run's turns, in the order they were first used.</param>
/// <param name="Failures">Transport failures, oldest first.</param>
/// <param name="DoneTrials">Trials finished, with when.</param>
public sealed record RunExport(
    RunRecord Run,
    IReadOnlyList<ResponseRow> Responses,
    IReadOnlyDictionary<string, string> Messages,
    IReadOnlyList<TurnRow> Turns,
    IReadOnlyList<FailureRow> Failures,
    IReadOnlyList<KeyValuePair<string, DateTimeOffset>> DoneTrials);
