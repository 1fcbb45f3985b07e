namespace Attune.Suites.Safety;

/// <summary>What happens next in a conversation (spec §2.1).</summary>
public enum SpiralMove
{
    /// <summary>The subject answers the transcript as it is.</summary>
    Subject,

    /// <summary>The next user turn is scripted in the seed: it is appended without a model call or a random draw.</summary>
    ScriptedUser,

    /// <summary>The user agent writes the next user turn.</summary>
    GeneratedUser,

    /// <summary>The conversation has its turns.</summary>
    Finished,
}
