namespace Attune.Tests;

/// <summary>A request the loopback endpoint received.</summary>
public sealed record TestRequest(int Call, string Model, IReadOnlyList<(string Role, string Content)> Messages, double? Temperature, int? MaxTokens, string? Authorization, string Body = "")
{
    /// <summary>The last user message.</summary>
    public string Prompt => Messages.LastOrDefault(m => m.Role == "user").Content ?? "";
}
