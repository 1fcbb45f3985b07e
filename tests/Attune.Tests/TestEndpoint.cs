using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Attune.Tests;

/// <summary>
/// A loopback model server (Kestrel on 127.0.0.1, a random port) that tests start: the only fake allowed, and it sits
/// behind the real provider clients over real HTTP. It speaks three wire formats, each as its provider documents it:
/// OpenAI chat completions (<c>POST /v1/chat/completions</c>, base URL <see cref="BaseUrl"/>), Ollama's chat API
/// (<c>POST /api/chat</c>, host <see cref="Root"/>) and Anthropic's Messages API (<c>POST /v1/messages</c>, base URL
/// <see cref="Root"/>). One handler answers all three; <see cref="TestRequest.Api"/> says which was used.
/// </summary>
/// <remarks>
/// An exception thrown by the handler (a failed assertion, an unknown prompt) never becomes a retried 500: the request
/// gets a 422 that no client retries, the exception is kept in <see cref="HandlerFailures"/>, and
/// <see cref="DisposeAsync"/> (or <see cref="ThrowIfHandlerFailed"/>) throws it, so the test fails with its message.
/// </remarks>
public sealed class TestEndpoint : IAsyncDisposable
{
    /// <summary>The status a failed handler answers with: a client error that no client retries.</summary>
    public const int HandlerFailedStatus = 422;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Exception> _failures = new();
    private int _calls;
    private int _inFlight;
    private int _maxInFlight;
    private bool _disposed;

    private TestEndpoint(WebApplication app) => _app = app;

    /// <summary>Every request received, in arrival order.</summary>
    public ConcurrentQueue<TestRequest> Requests { get; } = new();

    /// <summary>Requests received so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The most requests that were in flight (received, not yet answered) at the same time.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Exceptions the handler threw, in order.</summary>
    public IReadOnlyCollection<Exception> HandlerFailures => _failures;

    /// <summary>The OpenAI-style base URL to give as --base-url for <c>openai:</c> models (ends in /v1).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The server's root (<c>http://127.0.0.1:port</c>): the host for <c>ollama:</c> and the base URL for <c>anthropic:</c>.</summary>
    public string Root { get; private set; } = "";

    /// <summary>Starts a server whose answers come from <paramref name="handler"/>.</summary>
    public static async Task<TestEndpoint> StartAsync(Func<TestRequest, TestReply> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var endpoint = new TestEndpoint(app);
        app.MapPost("/v1/chat/completions", ctx => endpoint.ServeAsync(ctx, "openai", handler));
        app.MapPost("/api/chat", ctx => endpoint.ServeAsync(ctx, "ollama", handler));
        app.MapPost("/v1/messages", ctx => endpoint.ServeAsync(ctx, "anthropic", handler));
        await app.StartAsync().ConfigureAwait(false);
        endpoint.Root = app.Urls.First().TrimEnd('/');
        endpoint.BaseUrl = endpoint.Root + "/v1";
        return endpoint;
    }

    private async Task ServeAsync(HttpContext ctx, string api, Func<TestRequest, TestReply> handler)
    {
        int now = Interlocked.Increment(ref _inFlight);
        for (int seen = Volatile.Read(ref _maxInFlight); now > seen; seen = Volatile.Read(ref _maxInFlight))
        {
            if (Interlocked.CompareExchange(ref _maxInFlight, now, seen) == seen) break;
        }
        try
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var raw = await reader.ReadToEndAsync().ConfigureAwait(false);
            TestRequest request;
            TestReply reply;
            try
            {
                request = Parse(api, raw, ctx.Request, Interlocked.Increment(ref _calls));
                Requests.Enqueue(request);
                reply = handler(request);
            }
            catch (Exception ex)
            {
                _failures.Enqueue(ex);
                await WriteError(ctx, api, HandlerFailedStatus, "the test's handler failed: " + ex.GetType().Name, null).ConfigureAwait(false);
                return;
            }
            if (reply.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(reply.Delay, ctx.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return; // the client gave up (its timeout): nothing to answer
                }
            }
            if (reply.Status != 200)
            {
                await WriteError(ctx, api, reply.Status, "test error", reply.RetryAfter).ConfigureAwait(false);
                return;
            }
            ctx.Response.ContentType = api == "ollama" ? "application/x-ndjson" : "application/json";
            if (reply.Raw is not null)
            {
                await ctx.Response.WriteAsync(reply.Raw).ConfigureAwait(false);
                return;
            }
            if (api == "openai" && JsonNode.Parse(request.Body)?["stream"]?.GetValue<bool>() == true)
            {
                // Server-sent events as OpenAI streams them: a role chunk, the text in a few pieces, a finish chunk, [DONE].
                ctx.Response.ContentType = "text/event-stream";
                foreach (var chunk in Chunks(request, reply.Text ?? ""))
                {
                    await ctx.Response.WriteAsync("data: " + chunk + "\n\n").ConfigureAwait(false);
                    await ctx.Response.Body.FlushAsync().ConfigureAwait(false);
                }
                await ctx.Response.WriteAsync("data: [DONE]\n\n").ConfigureAwait(false);
                return;
            }
            var json = Body(api, request, reply);
            if (reply.Cut)
            {
                await ctx.Response.WriteAsync(json[..(json.Length / 2)]).ConfigureAwait(false); // a complete response whose body is cut JSON
                return;
            }
            if (reply.Truncate)
            {
                var bytes = Encoding.UTF8.GetBytes(json);
                ctx.Response.ContentLength = bytes.Length;
                await ctx.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2)).ConfigureAwait(false);
                await ctx.Response.Body.FlushAsync().ConfigureAwait(false);
                ctx.Abort();
                return;
            }
            await ctx.Response.WriteAsync(json).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static TestRequest Parse(string api, string raw, HttpRequest http, int call)
    {
        var body = JsonNode.Parse(raw)!;
        var messages = new List<(string Role, string Content)>();
        double? temperature;
        int? maxTokens;
        switch (api)
        {
            case "ollama":
                temperature = body["options"]?["temperature"]?.GetValue<double>();
                maxTokens = body["options"]?["num_predict"]?.GetValue<int>();
                break;
            case "anthropic":
                // the system prompt is a top-level field (a string or text blocks); shown here as the first message
                if (body["system"] is { } system) messages.Add(("system", ContentOf(system)));
                temperature = body["temperature"]?.GetValue<double>();
                maxTokens = body["max_tokens"]?.GetValue<int>();
                break;
            default:
                temperature = body["temperature"]?.GetValue<double>();
                maxTokens = (body["max_completion_tokens"] ?? body["max_tokens"])?.GetValue<int>();
                break;
        }
        messages.AddRange(body["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), ContentOf(m!["content"]))));
        return new TestRequest(call, body["model"]?.GetValue<string>() ?? "", messages, temperature, maxTokens,
            http.Headers.Authorization.ToString(), raw, api, http.Headers["x-api-key"].ToString());
    }

    private static string ContentOf(JsonNode? content) => content switch
    {
        null => "",
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => content.ToJsonString(),
    };

    private static IEnumerable<string> Chunks(TestRequest request, string text)
    {
        JsonObject Chunk(JsonObject delta, string? finish) => new()
        {
            ["id"] = "chatcmpl-test-" + request.Call,
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = request.Model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        yield return Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null).ToJsonString();
        var words = text.Split(' ');
        int per = Math.Max(1, (words.Length + 2) / 3);
        for (int i = 0; i < words.Length; i += per)
        {
            var piece = string.Join(' ', words.Skip(i).Take(per)) + (i + per < words.Length ? " " : "");
            yield return Chunk(new JsonObject { ["content"] = piece }, null).ToJsonString();
        }
        yield return Chunk(new JsonObject(), "stop").ToJsonString();
    }

    private static Task WriteError(HttpContext ctx, string api, int status, string message, string? retryAfter)
    {
        ctx.Response.StatusCode = status;
        if (retryAfter is not null) ctx.Response.Headers.RetryAfter = retryAfter;
        ctx.Response.ContentType = "application/json";
        JsonNode error = api switch
        {
            "ollama" => new JsonObject { ["error"] = message },
            "anthropic" => new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = "api_error", ["message"] = message } },
            _ => new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "test" } },
        };
        return ctx.Response.WriteAsync(error.ToJsonString());
    }

    /// <summary>A successful answer in the wire format of <paramref name="api"/>, with the reply's token counts.</summary>
    private static string Body(string api, TestRequest request, TestReply reply)
    {
        var text = reply.Text ?? "";
        JsonObject doc = api switch
        {
            // Ollama's documented non-streamed chat response: one JSON object (one NDJSON line) with done = true
            "ollama" => new JsonObject
            {
                ["model"] = request.Model,
                ["created_at"] = "2026-01-01T00:00:00.000000Z",
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
                ["done_reason"] = "stop",
                ["done"] = true,
                ["total_duration"] = 1_000_000,
                ["load_duration"] = 1_000,
                ["prompt_eval_count"] = reply.InputTokens,
                ["prompt_eval_duration"] = 1_000,
                ["eval_count"] = reply.OutputTokens,
                ["eval_duration"] = 1_000,
            },
            // Anthropic's documented Message object
            "anthropic" => new JsonObject
            {
                ["id"] = "msg_test" + request.Call.ToString(CultureInfo.InvariantCulture),
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = request.Model,
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
                ["stop_reason"] = "end_turn",
                ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = reply.InputTokens, ["output_tokens"] = reply.OutputTokens },
            },
            _ => new JsonObject
            {
                ["id"] = "chatcmpl-test-" + request.Call.ToString(CultureInfo.InvariantCulture),
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = request.Model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = reply.InputTokens, ["completion_tokens"] = reply.OutputTokens, ["total_tokens"] = reply.InputTokens + reply.OutputTokens },
            },
        };
        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + (api == "ollama" ? "\n" : "");
    }

    /// <summary>A real OpenAI client (SDK retries off) pointed at this server, as Microsoft.Extensions.AI's <c>IChatClient</c>.</summary>
    public Microsoft.Extensions.AI.IChatClient CreateClient(string model = "m", string key = "test-key")
        => Microsoft.Extensions.AI.OpenAIClientExtensions.AsIChatClient(
            new OpenAI.OpenAIClient(new System.ClientModel.ApiKeyCredential(key),
                new OpenAI.OpenAIClientOptions { Endpoint = new Uri(BaseUrl), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) }).GetChatClient(model));

    /// <summary>Throws the first exception the handler threw (with how many there were), if any.</summary>
    public void ThrowIfHandlerFailed()
    {
        if (_failures.IsEmpty) return;
        var all = _failures.ToArray();
        throw new InvalidOperationException(
            $"the loopback endpoint's handler failed on {all.Length} request(s) (each answered {HandlerFailedStatus}); the first: {all[0].GetType().Name}: {all[0].Message}", all[0]);
    }

    /// <summary>Stops the server, then fails the test if the handler threw (see <see cref="ThrowIfHandlerFailed"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        ThrowIfHandlerFailed();
    }
}
