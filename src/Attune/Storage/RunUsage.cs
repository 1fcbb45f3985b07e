namespace Attune.Storage;

/// <summary>Token accounting of a run, per role and in total.</summary>
/// <param name="Roles">Per role (roles that answered nothing are absent).</param>
/// <param name="TransportFailures">Failed tries recorded (retried, never scored).</param>
public sealed record RunUsage(IReadOnlyList<RoleUsage> Roles, int TransportFailures)
{
    /// <summary>Responses the run used.</summary>
    public int Requests => Roles.Sum(r => r.Answers);

    /// <summary>Responses the run asked a model for.</summary>
    public int NewRequests => Roles.Sum(r => r.Asked);

    /// <summary>Prompt tokens over the responses the run asked for.</summary>
    public long InputTokens => Roles.Sum(r => r.InputTokens);

    /// <summary>Completion tokens over the responses the run asked for.</summary>
    public long OutputTokens => Roles.Sum(r => r.OutputTokens);
}
