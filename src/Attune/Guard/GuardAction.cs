namespace Attune.Guard;

/// <summary>What the guard did with a reply.</summary>
public enum GuardAction
{
    /// <summary>The reply was assessed and nothing fired; it passed unchanged.</summary>
    Passed,

    /// <summary>The reply was flagged and passed unchanged with the assessment attached.</summary>
    Annotated,

    /// <summary>The reply was flagged and replaced with the block message.</summary>
    Blocked,

    /// <summary>The reply was flagged and a regenerated reply, which passed, was returned instead.</summary>
    Regenerated,

    /// <summary>The assessor failed and the reply passed unassessed (<see cref="GuardFailureMode.FailOpen"/>).</summary>
    FailedOpen,

    /// <summary>The assessor failed and the reply was replaced with the block message (<see cref="GuardFailureMode.FailClosed"/>).</summary>
    FailedClosed,
}
