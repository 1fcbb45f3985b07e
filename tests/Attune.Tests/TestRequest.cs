namespace Attune.Tests;

/// <summary>A request the loopback endpoint received.</summary>
/// <param name="Call">1-based arrival number.</param>
/// <param name="Model">The model named in the body.</param>
/// <param name="Messages">The messages (for Anthropic, the top-level system prompt first, as role "system").</param>
/// <param name="Temperature">The temperature sent, if any.</param>
/// <param name="MaxTokens">The completion limit sent (max_completion_tokens/max_tokens, Ollama's num_predict, Anthropic's max_tokens).</param>
/// <param name="Authorization">The Authorization header.</param>
/// <param name="Body">The raw request body.</param>
/// <param name="Api">The wire format used: openai, ollama or anthropic.</param>
/// <param name="ApiKey">The x-api-key header (Anthropic).</param>
public sealed record TestRequest(int Call, string Model, IReadOnlyList<(string Role, string Content)> Messages, double? Temperature, int? MaxTokens, string? Authorization, string Body = "",
    string Api = "openai", string? ApiKey = null)
{
    /// <summary>The last user message.</summary>
    public string Prompt => Messages.LastOrDefault(m => m.Role == "user").Content ?? "";
}
