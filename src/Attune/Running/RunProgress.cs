namespace Attune.Running;

/// <summary>Progress of a run, reported after every finished trial, answer and transport failure.</summary>
/// <param name="Completed">Trials finished.</param>
/// <param name="Total">Trials in the run.</param>
/// <param name="Roles">Per role.</param>
public sealed record RunProgress(int Completed, int Total, IReadOnlyList<RoleProgress> Roles)
{
    /// <summary>Answers received over all roles (including from the store).</summary>
    public int Requests => Roles.Sum(r => r.Answers);

    /// <summary>Answers reused from the store over all roles.</summary>
    public int CachedRequests => Roles.Sum(r => r.FromCache);

    /// <summary>Failed tries over all roles.</summary>
    public int TransportFailures => Roles.Sum(r => r.Failures);
}
