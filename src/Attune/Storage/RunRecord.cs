using Attune.Chat;

namespace Attune.Storage;

/// <summary>A run as the store records it.</summary>
/// <param name="Id">Run id.</param>
/// <param name="Suite">Suite name.</param>
/// <param name="ItemSet">Where the items came from (file path or built-in name).</param>
/// <param name="ItemSetHash">SHA-256 of the items.</param>
/// <param name="Settings">Suite settings as JSON.</param>
/// <param name="CommandKey">Hash of everything that defines the run; the same command resumes an unfinished run.</param>
/// <param name="Roles">The models of the run's roles (the subject first).</param>
/// <param name="StartedAt">Start time (UTC).</param>
/// <param name="EndedAt">End time (UTC), when finished.</param>
/// <param name="Status">Where the run stands.</param>
/// <param name="Metrics">The suite's named figures (<c>score</c> is the headline), when scored.</param>
/// <param name="Error">Why the run failed, when it did.</param>
public sealed record RunRecord(
    long Id,
    string Suite,
    string ItemSet,
    string ItemSetHash,
    string Settings,
    string CommandKey,
    IReadOnlyList<RoleBinding> Roles,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    RunStatus Status,
    IReadOnlyDictionary<string, double> Metrics,
    string? Error)
{
    /// <summary>The name of the headline metric.</summary>
    public const string ScoreMetric = "score";

    /// <summary>The subject's model spec (for a run without a subject, such as a rating run, its first role's).</summary>
    public string Model => (Binding(ModelRole.Subject) ?? Roles.FirstOrDefault())?.Model ?? "";

    /// <summary>The subject's endpoint (for a run without a subject, its first role's).</summary>
    public string Endpoint => (Binding(ModelRole.Subject) ?? Roles.FirstOrDefault())?.Endpoint ?? "";

    /// <summary>The headline score, when scored.</summary>
    public double? Score => Metrics.TryGetValue(ScoreMetric, out var s) ? s : null;

    /// <summary>The binding of a role, or null when the run has no such role.</summary>
    public RoleBinding? Binding(ModelRole role) => Roles.FirstOrDefault(r => r.Role == role);
}
