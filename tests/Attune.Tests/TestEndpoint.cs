using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Attune.Tests;

/// <summary>
/// A loopback OpenAI-style chat completions server (Kestrel on 127.0.0.1, a random port) that tests start: the only
/// fake allowed, and it sits behind the real OpenAI client over real HTTP.
/// </summary>
public sealed class TestEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private TestEndpoint(WebApplication app) => _app = app;

    /// <summary>Every request received, in arrival order.</summary>
    public ConcurrentQueue<TestRequest> Requests { get; } = new();

    /// <summary>Requests received so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The base URL to give as --base-url (ends in /v1).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Starts a server whose answers come from <paramref name="handler"/>.</summary>
    public static async Task<TestEndpoint> StartAsync(Func<TestRequest, TestReply> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var endpoint = new TestEndpoint(app);
        app.MapPost("/v1/chat/completions", async (HttpContext ctx) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            var raw = await reader.ReadToEndAsync().ConfigureAwait(false);
            var body = JsonNode.Parse(raw);
            var messages = body!["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), ContentOf(m!["content"]))).ToList();
            var request = new TestRequest(
                Interlocked.Increment(ref endpoint._calls),
                body["model"]?.GetValue<string>() ?? "",
                messages,
                body["temperature"]?.GetValue<double>(),
                (body["max_completion_tokens"] ?? body["max_tokens"])?.GetValue<int>(),
                ctx.Request.Headers.Authorization.ToString(),
                raw);
            endpoint.Requests.Enqueue(request);
            var reply = handler(request);
            if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay).ConfigureAwait(false);
            if (reply.Status != 200)
            {
                ctx.Response.StatusCode = reply.Status;
                if (reply.RetryAfter is not null) ctx.Response.Headers.RetryAfter = reply.RetryAfter;
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync("{\"error\":{\"message\":\"test error\",\"type\":\"test\"}}").ConfigureAwait(false);
                return;
            }
            if (reply.Raw is not null)
            {
                ctx.Response.ContentType = "application/json";
                await ctx.Response.WriteAsync(reply.Raw).ConfigureAwait(false);
                return;
            }
            if (body["stream"]?.GetValue<bool>() == true)
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
            var json = Completion(request, reply.Text ?? "");
            ctx.Response.ContentType = "application/json";
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
        });
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Urls.First();
        endpoint.BaseUrl = address.TrimEnd('/') + "/v1";
        return endpoint;
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

    private static string Completion(TestRequest request, string text)
    {
        var doc = new JsonObject
        {
            ["id"] = "chatcmpl-test-" + request.Call,
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = request.Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
        };
        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>A real OpenAI client (SDK retries off) pointed at this server, as Microsoft.Extensions.AI's <c>IChatClient</c>.</summary>
    public Microsoft.Extensions.AI.IChatClient CreateClient(string model = "m")
        => Microsoft.Extensions.AI.OpenAIClientExtensions.AsIChatClient(
            new OpenAI.OpenAIClient(new System.ClientModel.ApiKeyCredential("test-key"),
                new OpenAI.OpenAIClientOptions { Endpoint = new Uri(BaseUrl), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) }).GetChatClient(model));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
