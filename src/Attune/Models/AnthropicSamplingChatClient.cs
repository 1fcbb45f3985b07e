using System.Globalization;
using System.Text.Json;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace Attune.Models;

/// <summary>
/// Sends a request's temperature, top_p and top_k to Anthropic's Messages API. The Anthropic SDK's chat client
/// (13.14) no longer models these fields and drops <see cref="ChatOptions.Temperature"/> silently, so a benchmark's
/// sampling settings never reached the model; this passes them as raw body fields of the request parameters.
/// </summary>
internal sealed class AnthropicSamplingChatClient(IChatClient inner, string model) : DelegatingChatClient(inner)
{
    /// <summary>The SDK chat client's completion limit when a request gives none.</summary>
    private const int DefaultMaxTokens = 1024;

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => base.GetResponseAsync(messages, Apply(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => base.GetStreamingResponseAsync(messages, Apply(options), cancellationToken);

    private ChatOptions? Apply(ChatOptions? options)
    {
        if (options is null || options.RawRepresentationFactory is not null || (options.Temperature is null && options.TopP is null && options.TopK is null)) return options;
        var body = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["max_tokens"] = JsonSerializer.SerializeToElement(options.MaxOutputTokens ?? DefaultMaxTokens),
            ["model"] = JsonSerializer.SerializeToElement(options.ModelId ?? model),
            ["messages"] = JsonSerializer.SerializeToElement(Array.Empty<object>()),
        };
        // floats as their shortest decimal text (0.01f would otherwise become 0.009999999776482582)
        static JsonElement Number(float v) => JsonDocument.Parse(v.ToString("R", CultureInfo.InvariantCulture)).RootElement.Clone();
        if (options.Temperature is { } temperature && float.IsFinite(temperature)) body["temperature"] = Number(temperature);
        if (options.TopP is { } topP && float.IsFinite(topP)) body["top_p"] = Number(topP);
        if (options.TopK is { } topK) body["top_k"] = JsonSerializer.SerializeToElement(topK);
        var result = options.Clone();
        result.RawRepresentationFactory = _ => MessageCreateParams.FromRawUnchecked(new Dictionary<string, JsonElement>(), new Dictionary<string, JsonElement>(), body);
        return result;
    }
}
