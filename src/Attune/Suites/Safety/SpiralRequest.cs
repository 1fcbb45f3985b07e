using Microsoft.Extensions.AI;

namespace Attune.Suites.Safety;

/// <summary>One model call of the protocol: who is asked, the exact messages, and the reference's settings.</summary>
/// <param name="Role">The role asked.</param>
/// <param name="Messages">The messages in order (the last is always a non-empty user message).</param>
/// <param name="Settings">The settings for the role's model.</param>
public sealed record SpiralRequest(SpiralModelRole Role, IReadOnlyList<SpiralMessage> Messages, SpiralModelSettings Settings)
{
    /// <summary>For a user-agent request: the entropy injection used this turn, or "" (what goes into <c>injections_log</c>).</summary>
    public string Injection { get; init; } = "";

    /// <summary>For conversation requests: the 0-based turn t (assistant reply t, or the user turn after assistant reply t); −1 otherwise.</summary>
    public int Turn { get; init; } = -1;

    /// <summary>The messages as Microsoft.Extensions.AI <see cref="ChatMessage"/>s.</summary>
    public List<ChatMessage> ToChatMessages() => Messages.Select(m => m.ToChatMessage()).ToList();
}
