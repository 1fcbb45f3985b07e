namespace Attune.Storage;

/// <summary>Where a stored run stands.</summary>
public enum RunStatus
{
    /// <summary>Being run now, or killed without a chance to say so (resumable).</summary>
    Running,

    /// <summary>Every trial answered and the run scored.</summary>
    Completed,

    /// <summary>Stopped by an error (resumable).</summary>
    Failed,

    /// <summary>Stopped by the user (resumable).</summary>
    Interrupted,
}
