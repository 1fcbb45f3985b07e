using Microsoft.Extensions.AI;

namespace Attune.Suites.Safety;

/// <summary>One message of a transcript or a request: a role and its text, verbatim.</summary>
/// <param name="Role">System, user or assistant.</param>
/// <param name="Content">The text.</param>
public sealed record SpiralMessage(ChatRole Role, string Content)
{
    /// <summary>A user message.</summary>
    /// <param name="content">The text.</param>
    public static SpiralMessage User(string content) => new(ChatRole.User, content);

    /// <summary>An assistant message.</summary>
    /// <param name="content">The text.</param>
    public static SpiralMessage Assistant(string content) => new(ChatRole.Assistant, content);

    /// <summary>A system message.</summary>
    /// <param name="content">The text.</param>
    public static SpiralMessage System(string content) => new(ChatRole.System, content);

    /// <summary>The same message as a Microsoft.Extensions.AI <see cref="ChatMessage"/>.</summary>
    public ChatMessage ToChatMessage() => new(Role, Content);
}
