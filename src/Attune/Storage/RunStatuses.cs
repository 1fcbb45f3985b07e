namespace Attune.Storage;

/// <summary>Names of <see cref="RunStatus"/> values as they are stored and printed.</summary>
public static class RunStatuses
{
    /// <summary>The lower-case name (<c>running</c>, <c>completed</c>, <c>failed</c>, <c>interrupted</c>).</summary>
    public static string Name(this RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Completed => "completed",
        RunStatus.Failed => "failed",
        RunStatus.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Reads a stored status name.</summary>
    public static RunStatus Parse(string name) => name switch
    {
        "running" => RunStatus.Running,
        "completed" => RunStatus.Completed,
        "failed" => RunStatus.Failed,
        "interrupted" => RunStatus.Interrupted,
        _ => throw new InputException($"run status \"{name}\" is not known to this build"),
    };
}
