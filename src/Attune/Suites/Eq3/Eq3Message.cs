namespace Attune.Suites.Eq3;

/// <summary>One stored message of a scenario's conversation history.</summary>
/// <param name="Role"><c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The text: template-wrapped for user turns, the think-stripped reply for assistant turns.</param>
public sealed record Eq3Message(string Role, string Content)
{
    /// <summary>The user role name.</summary>
    public const string User = "user";

    /// <summary>The assistant role name.</summary>
    public const string Assistant = "assistant";
}
