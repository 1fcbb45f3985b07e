namespace Attune.Models;

/// <summary>How to reach a model: endpoint override, timeouts, and where settings such as API keys are read from.</summary>
public sealed class ModelOptions
{
    /// <summary>Base URL of an OpenAI-compatible server, an Ollama host or an Anthropic-compatible endpoint; overrides the environment.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>How long one request may take before it is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Reads an environment variable; replaceable in tests. Keys are read here and never stored.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
