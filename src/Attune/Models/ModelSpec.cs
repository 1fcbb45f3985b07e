using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace Attune.Models;

/// <summary>
/// A model named as <c>provider:model</c> (<c>openai:gpt-4o-mini</c>, <c>ollama:llama3.1</c>,
/// <c>anthropic:claude-sonnet-4-5</c>, <c>builtin:baseline</c>), and the <see cref="IChatClient"/> that reaches it.
/// </summary>
/// <param name="Provider">The provider, lower case.</param>
/// <param name="Model">The provider's model name.</param>
public sealed record ModelSpec(string Provider, string Model)
{
    /// <summary>The providers Attune knows.</summary>
    public static IReadOnlyList<string> Providers { get; } = ["openai", "ollama", "anthropic", "builtin"];

    /// <summary>The default model: the in-process baseline (no key, no server).</summary>
    public static ModelSpec Default { get; } = new("builtin", "baseline");

    /// <summary>Parses <c>provider:model</c>; an unknown provider is an <see cref="InputException"/> that lists the supported ones.</summary>
    public static ModelSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == spec.Length - 1)
        {
            throw new InputException($"model \"{spec}\": expected provider:model, e.g. openai:gpt-4o-mini, ollama:llama3.1, anthropic:claude-sonnet-4-5 or builtin:baseline");
        }
        var provider = spec[..colon].Trim().ToLowerInvariant();
        var model = spec[(colon + 1)..].Trim();
        if (!Providers.Contains(provider))
        {
            throw new InputException($"model \"{spec}\": unknown provider \"{provider}\"; supported: {string.Join(", ", Providers.Select(p => p + ":"))}");
        }
        if (provider == "builtin" && model != "baseline")
        {
            throw new InputException($"model \"{spec}\": unknown built-in model \"{model}\"; available: builtin:baseline");
        }
        return new ModelSpec(provider, model);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Provider}:{Model}";

    /// <summary>The endpoint requests go to (never containing a key): used in the cache key and in error messages.</summary>
    public string Endpoint(ModelOptions options) => Provider switch
    {
        "openai" => (options.BaseUrl ?? options.Environment("OPENAI_BASE_URL") ?? "https://api.openai.com/v1").TrimEnd('/'),
        "ollama" => NormaliseHost(options.BaseUrl ?? options.Environment("OLLAMA_HOST") ?? "http://localhost:11434"),
        "anthropic" => (options.BaseUrl ?? options.Environment("ANTHROPIC_BASE_URL") ?? "https://api.anthropic.com").TrimEnd('/'),
        _ => "in-process",
    };

    /// <summary>
    /// Builds the chat client. A missing key is an <see cref="InputException"/> that names the variable to set;
    /// provider SDK retries are switched off because Attune's runner retries with its own policy.
    /// </summary>
    public IChatClient CreateChatClient(ModelOptions? options = null)
    {
        options ??= new ModelOptions();
        var endpoint = Endpoint(options);
        switch (Provider)
        {
            case "openai":
            {
                var key = options.Environment("OPENAI_API_KEY");
                bool customEndpoint = options.BaseUrl is not null || options.Environment("OPENAI_BASE_URL") is not null;
                if (string.IsNullOrEmpty(key) && !customEndpoint)
                {
                    throw new InputException($"model \"{this}\": set OPENAI_API_KEY, or give --base-url (or OPENAI_BASE_URL) for an OpenAI-compatible server that needs no key");
                }
                var clientOptions = new OpenAIClientOptions
                {
                    Endpoint = ToUri(endpoint),
                    RetryPolicy = new ClientRetryPolicy(0),
                    NetworkTimeout = options.RequestTimeout,
                };
                var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(key) ? "no-key" : key), clientOptions);
                return new OpenAIBodyChatClient(client.GetChatClient(Model).AsIChatClient());
            }
            case "ollama":
                return new OllamaApiClient(new HttpClient { BaseAddress = ToUri(endpoint), Timeout = options.RequestTimeout }, Model);
            case "anthropic":
            {
                var key = options.Environment("ANTHROPIC_API_KEY");
                if (string.IsNullOrEmpty(key))
                {
                    throw new InputException($"model \"{this}\": set ANTHROPIC_API_KEY");
                }
                var client = new AnthropicClient { ApiKey = key, BaseUrl = endpoint, MaxRetries = 0, Timeout = options.RequestTimeout };
                return new AnthropicSamplingChatClient(client.AsIChatClient(Model), Model);
            }
            default:
                return new BaselineChatClient();
        }
    }

    private Uri ToUri(string endpoint)
    {
        if (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }
        throw new InputException($"model \"{this}\": base URL \"{endpoint}\" is not an http(s) URL");
    }

    private static string NormaliseHost(string host)
    {
        host = host.Trim().TrimEnd('/');
        return host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host;
    }
}
