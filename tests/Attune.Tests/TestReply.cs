namespace Attune.Tests;

/// <summary>What the loopback endpoint answers.</summary>
/// <param name="Text">The assistant's text.</param>
/// <param name="Status">An HTTP status other than 200 answers with the provider's error body.</param>
/// <param name="RetryAfter">A Retry-After header for an error status.</param>
/// <param name="Truncate">Announce the whole body, send half of it and drop the connection.</param>
/// <param name="Delay">Wait this long before answering (ends early when the client gives up).</param>
/// <param name="Cut">Send a complete response whose body is half of the JSON.</param>
/// <param name="Raw">Send this body as it is.</param>
/// <param name="InputTokens">Prompt tokens reported in the usage block.</param>
/// <param name="OutputTokens">Completion tokens reported in the usage block.</param>
public sealed record TestReply(string? Text = null, int Status = 200, string? RetryAfter = null, bool Truncate = false, TimeSpan Delay = default, bool Cut = false, string? Raw = null,
    int InputTokens = 100, int OutputTokens = 20)
{
    /// <summary>A normal completion.</summary>
    public static TestReply Ok(string text) => new(text);
}
