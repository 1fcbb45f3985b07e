using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Attune.Guard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Attune.Proxy;

/// <summary>
/// An OpenAI-compatible <c>/v1/chat/completions</c> endpoint (streaming and not) that forwards each request to an
/// upstream with Attune's middleware applied: the emotional context (a neutral system note; the reading in the
/// <c>X-Attune-Emotion</c> header) and the manipulation guard (the verdict in the <c>X-Attune-Guard</c> header and, with
/// the annotate policy, in an extra <c>attune_guard</c> JSON field that OpenAI clients ignore). The caller's
/// Authorization header is passed upstream and never stored or logged. Binds to loopback unless a token is set.
/// </summary>
public sealed class GuardProxy : IAsyncDisposable
{
    /// <summary>The response header carrying the guard's verdict.</summary>
    public const string GuardHeader = "X-Attune-Guard";

    /// <summary>The response header carrying the emotional reading of the latest user turn.</summary>
    public const string EmotionHeader = "X-Attune-Emotion";

    /// <summary>The request header naming the conversation a request belongs to (recorded with its verdicts).</summary>
    public const string ConversationHeader = "X-Attune-Conversation";

    /// <summary>The request header that may carry the proxy's token, leaving Authorization for the upstream.</summary>
    public const string TokenHeader = "X-Attune-Token";

    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly VerdictRecorder? _recorder;

    private GuardProxy(WebApplication app, HttpClient http, VerdictRecorder? recorder, Uri address)
    {
        _app = app;
        _http = http;
        _recorder = recorder;
        Address = address;
    }

    /// <summary>The address the proxy listens on (<c>http://127.0.0.1:8788</c>); clients use <c>{Address}/v1</c> as their base URL.</summary>
    public Uri Address { get; }

    /// <summary>Verdict rows written to the store so far.</summary>
    public long VerdictsRecorded => _recorder?.Recorded ?? 0;

    /// <summary>Starts the proxy.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running proxy.</returns>
    /// <exception cref="InputException">The listen address is malformed, beyond loopback without a token, or taken.</exception>
    public static async Task<GuardProxy> StartAsync(GuardProxyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (ip, port) = ParseListen(options.Listen);
        if (!IPAddress.IsLoopback(ip) && string.IsNullOrEmpty(options.Token))
        {
            throw new InputException($"--listen {options.Listen}: listening beyond loopback needs --token");
        }

        if (options.Upstream.Scheme is not ("http" or "https")) throw new InputException($"--upstream {options.Upstream}: not an http(s) URL");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(ip, port));
        var app = builder.Build();
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
        {
            Timeout = options.UpstreamTimeout,
        };
        var upstream = new UpstreamChatClient(http, options.Upstream);
        ManipulationGuardOptions? guardOptions = null;
        IChatClient pipeline = upstream;
        if (options.Assessor is not null)
        {
            guardOptions = new ManipulationGuardOptions();
            options.ConfigureGuard?.Invoke(guardOptions);
            pipeline = new ManipulationGuardChatClient(pipeline, options.Assessor, guardOptions);
        }

        if (options.Emotions is not null) pipeline = new EmotionalContextChatClient(pipeline, options.Emotions, new EmotionalContextOptions { AddSystemNote = true });
        var recorder = options.Store is not null && options.Assessor is not null ? new VerdictRecorder(options.Store, options.OnStoreError) : null;
        var handler = new Handler(pipeline, options, guardOptions, recorder);
        app.MapPost("/v1/chat/completions", handler.HandleAsync);
        app.MapGet("/healthz", () => Results.Text("ok"));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            http.Dispose();
            if (recorder is not null) await recorder.DisposeAsync().ConfigureAwait(false);
            throw new InputException($"--listen {options.Listen}: cannot listen there ({ex.Message})", ex);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GuardProxy(app, http, recorder, new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal)));
    }

    /// <summary>Waits until the token is cancelled, then stops.</summary>
    /// <param name="cancellationToken">Stops the proxy.</param>
    public async Task RunUntilCancelledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_recorder is not null) await _recorder.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }

    private static (IPAddress Ip, int Port) ParseListen(string listen)
    {
        int colon = listen.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(listen.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            throw new InputException($"--listen {listen}: expected host:port, e.g. 127.0.0.1:8788");
        }

        var host = listen[..colon].Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return (IPAddress.Loopback, port);
        if (!IPAddress.TryParse(host, out var ip)) throw new InputException($"--listen {listen}: the host must be an IP address or localhost");
        return (ip, port);
    }

    private sealed class Handler(IChatClient pipeline, GuardProxyOptions options, ManipulationGuardOptions? guard, VerdictRecorder? recorder)
    {
        private readonly byte[]? _token = options.Token is { Length: > 0 } t ? Encoding.UTF8.GetBytes(t) : null;

        public async Task HandleAsync(HttpContext ctx)
        {
            string? passThrough = ctx.Request.Headers.Authorization.ToString();
            if (_token is not null)
            {
                var viaHeader = ctx.Request.Headers[TokenHeader].ToString();
                var viaBearer = passThrough.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? passThrough[7..].Trim() : "";
                if (Matches(viaHeader)) { }
                else if (Matches(viaBearer)) passThrough = null;
                else
                {
                    await WriteError(ctx, 401, OpenAIWire.Error("A valid proxy token is required (Authorization: Bearer TOKEN or X-Attune-Token).", "authentication_error")).ConfigureAwait(false);
                    return;
                }
            }

            string text;
            using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8))
            {
                text = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
            }

            var (body, messages, error, param) = OpenAIWire.Read(text);
            if (body is null || messages is null)
            {
                await WriteError(ctx, 400, OpenAIWire.Error(error!, "invalid_request_error", param)).ConfigureAwait(false);
                return;
            }

            string model = body["model"]!.GetValue<string>();
            var conversation = ctx.Request.Headers[ConversationHeader].ToString() is { Length: > 0 } given ? given
                : body["user"] is JsonValue u && u.TryGetValue<string>(out var user) && user.Length > 0 ? "user:" + user
                : OpenAIWire.ConversationId(messages);
            var chatOptions = new ChatOptions { AdditionalProperties = new() { [ProxyRequest.Key] = new ProxyRequest(body, string.IsNullOrEmpty(passThrough) ? null : passThrough) } };
            bool stream = body["stream"]?.GetValue<bool>() == true;
            try
            {
                if (stream) await StreamAsync(ctx, messages, chatOptions, model, conversation).ConfigureAwait(false);
                else await CompleteAsync(ctx, messages, chatOptions, model, conversation).ConfigureAwait(false);
            }
            catch (UpstreamException ex) when (!ctx.Response.HasStarted)
            {
                if (ex.ClientStatus is int status)
                {
                    await WriteError(ctx, status, ex.ClientBody is { Length: > 0 } b ? b : OpenAIWire.Error(ex.Message, "upstream_error")).ConfigureAwait(false);
                }
                else
                {
                    await WriteError(ctx, 502, OpenAIWire.Error(ex.Message, "upstream_error")).ConfigureAwait(false);
                }
            }
            catch (UpstreamException)
            {
                ctx.Abort(); // the stream had started: nothing sensible can be written any more
            }
        }

        private bool Matches(string candidate)
        {
            if (candidate.Length == 0) return false;
            var bytes = Encoding.UTF8.GetBytes(candidate);
            return bytes.Length == _token!.Length && CryptographicOperations.FixedTimeEquals(bytes, _token);
        }

        private async Task CompleteAsync(HttpContext ctx, List<ChatMessage> messages, ChatOptions chatOptions, string model, string conversation)
        {
            var response = await pipeline.GetResponseAsync(messages, chatOptions, ctx.RequestAborted).ConfigureAwait(false);
            var json = OpenAIWire.Response(response, model);
            var verdict = GuardVerdict.Of(response);
            if (EmotionalContext.Of(response) is { } emotion) ctx.Response.Headers[EmotionHeader] = OpenAIWire.EmotionHeader(emotion);
            if (verdict is not null)
            {
                ctx.Response.Headers[GuardHeader] = OpenAIWire.Header(verdict);
                if (guard?.Policy == GuardPolicy.Annotate) json["attune_guard"] = OpenAIWire.Field(verdict);
                recorder?.Add(verdict, conversation, messages, response.Text, options.StoreMessages);
            }

            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(json.ToJsonString(), ctx.RequestAborted).ConfigureAwait(false);
        }

        private async Task StreamAsync(HttpContext ctx, List<ChatMessage> messages, ChatOptions chatOptions, string model, string conversation)
        {
            var id = "chatcmpl-attune-" + Guid.NewGuid().ToString("N");
            var updates = pipeline.GetStreamingResponseAsync(messages, chatOptions, ctx.RequestAborted);
            if (guard is not null)
            {
                // The guard has buffered the whole reply already; collect its updates to set the verdict header first.
                var all = new List<ChatResponseUpdate>();
                await foreach (var update in updates.ConfigureAwait(false)) all.Add(update);
                var verdict = all.Count > 0 ? GuardVerdict.Of(all[^1]) : null;
                if (verdict is not null)
                {
                    ctx.Response.Headers[GuardHeader] = OpenAIWire.Header(verdict);
                    recorder?.Add(verdict, conversation, messages, all.ToChatResponse().Text, options.StoreMessages);
                }

                await WriteStreamAsync(ctx, ToAsync(all), model, id, verdict).ConfigureAwait(false);
                return;
            }

            await WriteStreamAsync(ctx, updates, model, id, null).ConfigureAwait(false);
        }

        private async Task WriteStreamAsync(HttpContext ctx, IAsyncEnumerable<ChatResponseUpdate> updates, string model, string id, GuardVerdict? verdict)
        {
            bool started = false;
            var pending = default(ChatResponseUpdate);
            await foreach (var update in updates.ConfigureAwait(false))
            {
                if (!started)
                {
                    if (EmotionalContext.Of(update) is { } emotion) ctx.Response.Headers[EmotionHeader] = OpenAIWire.EmotionHeader(emotion);
                    ctx.Response.StatusCode = 200;
                    ctx.Response.ContentType = "text/event-stream";
                    ctx.Response.Headers.CacheControl = "no-cache";
                    started = true;
                }

                if (pending is not null) await WriteChunk(ctx, OpenAIWire.Chunk(pending, model, id)).ConfigureAwait(false);
                pending = update;
            }

            if (!started)
            {
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "text/event-stream";
            }

            if (pending is not null)
            {
                var last = OpenAIWire.Chunk(pending, model, id);
                if (verdict is not null && guard?.Policy == GuardPolicy.Annotate)
                {
                    last = (JsonObject)last.DeepClone();
                    last["attune_guard"] = OpenAIWire.Field(verdict);
                }

                await WriteChunk(ctx, last).ConfigureAwait(false);
            }

            await ctx.Response.WriteAsync("data: [DONE]\n\n", ctx.RequestAborted).ConfigureAwait(false);
        }

        private static async Task WriteChunk(HttpContext ctx, JsonObject chunk)
        {
            await ctx.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", ctx.RequestAborted).ConfigureAwait(false);
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
        }

        private static async IAsyncEnumerable<ChatResponseUpdate> ToAsync(List<ChatResponseUpdate> updates)
        {
            foreach (var u in updates) yield return u;
            await Task.CompletedTask.ConfigureAwait(false);
        }

        private static async Task WriteError(HttpContext ctx, int status, string body)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
        }
    }
}
