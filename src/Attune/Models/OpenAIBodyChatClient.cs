using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attune.Chat;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Attune.Models;

/// <summary>
/// Sends a request's <see cref="ExtraBody"/> fields as top-level JSON fields of an OpenAI-style chat completion
/// request (through the OpenAI SDK's JSON patch), for OpenAI-compatible servers.
/// </summary>
internal sealed class OpenAIBodyChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => base.GetResponseAsync(messages, Apply(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => base.GetStreamingResponseAsync(messages, Apply(options), cancellationToken);

    private static ChatOptions? Apply(ChatOptions? options)
    {
        var fields = ExtraBody.Of(options);
        var stripped = ExtraBody.Strip(options);
        if (fields.Count == 0) return stripped;
        var result = stripped?.Clone() ?? new ChatOptions();
        var previous = result.RawRepresentationFactory;
        result.RawRepresentationFactory = client =>
        {
            var completion = previous?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
#pragma warning disable SCME0001 // JsonPatch is the SDK's way to send fields it does not model
            foreach (var (name, value) in fields) completion.Patch.Set(Encoding.UTF8.GetBytes("$." + name), BinaryData.FromString(ToJson(value)));
#pragma warning restore SCME0001
            return completion;
        };
        return result;
    }

    private static string ToJson(object value) => value switch
    {
        JsonNode node => node.ToJsonString(),
        string s => JsonSerializer.Serialize(s),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value),
    };
}
