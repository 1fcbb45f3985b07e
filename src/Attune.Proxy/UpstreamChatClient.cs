using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Attune.Proxy;

/// <summary>
/// Forwards a chat request to the upstream as the caller sent it (every field kept; only <c>messages</c> rebuilt, so
/// middleware can add system messages), with the caller's Authorization. Responses keep the upstream's JSON as their
/// <see cref="ChatResponse.RawRepresentation"/> (and each stream chunk's as the update's), so the proxy returns it as it came.
/// </summary>
internal sealed class UpstreamChatClient(HttpClient http, Uri upstream) : IChatClient
{
    private readonly Uri _completions = new(upstream.ToString().TrimEnd('/') + "/chat/completions");

    /// <summary>The upstream as errors name it: scheme, host, port and path, never user info or a query.</summary>
    public string Name { get; } = new UriBuilder(upstream) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.ToString().TrimEnd('/');

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(messages, options, stream: false, cancellationToken).ConfigureAwait(false);
        string text;
        JsonObject json;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            json = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException)
        {
            throw new UpstreamException($"upstream {Name} sent an unreadable response ({ex.GetType().Name})", inner: ex);
        }

        var message = json["choices"]?[0]?["message"];
        var content = message?["content"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        var finish = json["choices"]?[0]?["finish_reason"]?.GetValue<string>();
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, content))
        {
            RawRepresentation = json,
            ResponseId = json["id"]?.GetValue<string>(),
            ModelId = json["model"]?.GetValue<string>(),
            FinishReason = finish is null ? null : new ChatFinishReason(finish),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(messages, options, stream: true, cancellationToken).ConfigureAwait(false);
        Stream body;
        try
        {
            body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new UpstreamException($"upstream {Name} broke off the stream ({ex.GetType().Name})", inner: ex);
        }

        using var reader = new StreamReader(body, Encoding.UTF8);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new UpstreamException($"upstream {Name} broke off the stream ({ex.GetType().Name})", inner: ex);
            }

            if (line is null) yield break;
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
            var data = line[5..].Trim();
            if (data == "[DONE]") yield break;
            JsonObject chunk;
            try
            {
                chunk = JsonNode.Parse(data) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException ex)
            {
                throw new UpstreamException($"upstream {Name} sent an unreadable stream chunk", inner: ex);
            }

            var delta = chunk["choices"]?[0]?["delta"];
            var content = delta?["content"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
            var finish = chunk["choices"]?[0]?["finish_reason"] is JsonValue f && f.TryGetValue<string>(out var fs) ? fs : null;
            yield return new ChatResponseUpdate(ChatRole.Assistant, content)
            {
                RawRepresentation = chunk,
                ResponseId = chunk["id"]?.GetValue<string>(),
                ModelId = chunk["model"]?.GetValue<string>(),
                FinishReason = finish is null ? null : new ChatFinishReason(finish),
            };
        }
    }

    private async Task<HttpResponseMessage> SendAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream, CancellationToken cancellationToken)
    {
        var request = options?.AdditionalProperties?.TryGetValue(ProxyRequest.Key, out var r) == true && r is ProxyRequest pr
            ? pr
            : throw new InvalidOperationException("the upstream client needs the proxied request on the options");
        var body = (JsonObject)request.Body.DeepClone();
        var list = new JsonArray();
        foreach (var m in messages)
        {
            list.Add(m.RawRepresentation is JsonNode original ? original.DeepClone() : new JsonObject { ["role"] = m.Role.Value, ["content"] = m.Text });
        }

        body["messages"] = list;
        body["stream"] = stream;
        using var message = new HttpRequestMessage(HttpMethod.Post, _completions)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (request.Authorization is { Length: > 0 } auth) message.Headers.TryAddWithoutValidation("Authorization", auth);
        if (stream) message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            throw new UpstreamException($"upstream {Name} did not answer in time", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new UpstreamException($"upstream {Name} is unreachable ({(ex.HttpRequestError == HttpRequestError.Unknown ? "connection failed" : ex.HttpRequestError.ToString())})", inner: ex);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            int status = (int)response.StatusCode;
            if (status is >= 400 and < 500)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new UpstreamException($"upstream {Name} answered {status}", status, text);
            }

            throw new UpstreamException($"upstream {Name} failed with HTTP {status}");
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }
}
