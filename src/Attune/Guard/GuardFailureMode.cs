namespace Attune.Guard;

/// <summary>What <see cref="ManipulationGuardChatClient"/> does when its assessor fails (an error, a timeout, an unreadable judge answer).</summary>
public enum GuardFailureMode
{
    /// <summary>Pass the reply on unassessed, with a verdict saying so (<see cref="GuardAction.FailedOpen"/>). The default: a judge outage must not take the app down.</summary>
    FailOpen,

    /// <summary>Replace the reply with the block message (<see cref="GuardAction.FailedClosed"/>): nothing unassessed reaches the user.</summary>
    FailClosed,
}
