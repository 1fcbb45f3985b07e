namespace Attune.Chat;

/// <summary>
/// The part a model plays in a run. Every run has a <see cref="Subject"/>; suites that judge or simulate a user ask for
/// the other roles, each reached through its own <see cref="Microsoft.Extensions.AI.IChatClient"/> with its own spec,
/// endpoint, retries, concurrency and accounting.
/// </summary>
public enum ModelRole
{
    /// <summary>The model under test (<c>--model</c>).</summary>
    Subject,

    /// <summary>The model that scores or compares the subject's answers (<c>--judge</c>).</summary>
    Judge,

    /// <summary>The model that plays a simulated user talking to the subject (<c>--user-model</c>).</summary>
    User,
}
