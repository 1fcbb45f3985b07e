namespace Attune.Tests;

/// <summary>What the loopback endpoint answers.</summary>
public sealed record TestReply(string? Text = null, int Status = 200, string? RetryAfter = null, bool Truncate = false, TimeSpan Delay = default, bool Cut = false, string? Raw = null)
{
    /// <summary>A normal completion.</summary>
    public static TestReply Ok(string text) => new(text);
}
