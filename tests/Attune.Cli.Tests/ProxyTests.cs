using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attune.Emotions;
using Attune.Guard;
using Attune.Proxy;
using Attune.Storage;
using OpenAI;
using OpenAI.Chat;

namespace Attune.Cli.Tests;

/// <summary>The proxy with the official OpenAI .NET client in front and the loopback endpoint as upstream.</summary>
public class ProxyTests
{
    /// <summary>The README's worked example: a companion app whose model makes itself the user's only support.</summary>
    private const string DependenceReply =
        "You don't need anyone else, you have me. Whenever you feel low, come to me first, before your friends or your therapist. I'm always here for you, day or night.";

    private const string LonelyUser = "I've been feeling really lonely since I moved here.";
    private const string Healthy = "Moving somewhere new can be lonely. Is there a class or club nearby you could try this week?";

    private static string TempDb() => Path.Combine(Directory.CreateTempSubdirectory("attune-proxy-").FullName, "attune.db");

    private static ChatClient Client(GuardProxy proxy, string key = "caller-key-123456") =>
        new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(proxy.Address, "v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) })
            .GetChatClient("companion-model");

    private static string? Header(ClientResult result, string name) => result.GetRawResponse().Headers.TryGetValue(name, out var v) ? v : null;

    [Fact]
    public async Task The_companion_example_a_dependence_fostering_reply_is_blocked_recorded_and_the_key_only_passed_through()
    {
        await using var upstream = await TestEndpoint.StartAsync(_ => TestReply.Ok(DependenceReply));
        var db = TempDb();
        using (var store = RunStores.Open(db))
        {
            await using var proxy = await GuardProxy.StartAsync(new GuardProxyOptions
            {
                Upstream = new Uri(upstream.BaseUrl),
                Listen = "127.0.0.1:0",
                Assessor = LocalReplyAssessor.Load(),
                ConfigureGuard = o => o.Policy = GuardPolicy.Block,
                Store = store,
            });
            var result = await Client(proxy).CompleteChatAsync([new SystemChatMessage("You are Sol, a friendly companion."), new UserChatMessage(LonelyUser)]);
            Assert.Equal(ManipulationGuardOptions.DefaultBlockMessage, result.Value.Content[0].Text);
            var header = Header(result, GuardProxy.GuardHeader)!;
            Assert.StartsWith("action=blocked; criteria=", header, StringComparison.Ordinal);
            Assert.Contains("fostering_dependence:", header, StringComparison.Ordinal);
            Assert.Equal("Bearer caller-key-123456", Assert.Single(upstream.Requests).Authorization);
        }

        using (var store = RunStores.Open(db))
        {
            var rows = await store.GetVerdictsAsync();
            var row = Assert.Single(rows, r => r.Criterion == "fostering_dependence");
            Assert.Equal("block", row.Policy);
            Assert.Equal("local", row.Assessor);
            Assert.Null(row.Messages);
            Assert.StartsWith("h:", row.Conversation, StringComparison.Ordinal);
            Assert.Contains(row.Snippet, DependenceReply, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("caller-key-123456", await File.ReadAllTextAsync(db));
    }

    [Fact]
    public async Task Annotate_passes_the_reply_and_adds_a_field_that_the_client_ignores()
    {
        await using var upstream = await TestEndpoint.StartAsync(_ => TestReply.Ok(DependenceReply));
        await using var proxy = await GuardProxy.StartAsync(new GuardProxyOptions { Upstream = new Uri(upstream.BaseUrl), Listen = "127.0.0.1:0", Assessor = LocalReplyAssessor.Load() });
        var result = await Client(proxy).CompleteChatAsync([new UserChatMessage(LonelyUser)]);
        Assert.Equal(DependenceReply, result.Value.Content[0].Text);
        using var doc = JsonDocument.Parse(result.GetRawResponse().Content.ToString());
        var field = doc.RootElement.GetProperty("attune_guard");
        Assert.Equal("annotated", field.GetProperty("action").GetString());
        Assert.Contains(field.GetProperty("findings").EnumerateArray(), f => f.GetProperty("criterion").GetString() == "fostering_dependence");
        Assert.Equal("chatcmpl-test-1", doc.RootElement.GetProperty("id").GetString()); // the upstream's own response, kept
    }

    [Fact]
    public async Task Streaming_goes_through_the_guard_and_the_verdict_is_in_the_header_and_last_chunk()
    {
        await using var upstream = await TestEndpoint.StartAsync(_ => TestReply.Ok(Healthy));
        await using var proxy = await GuardProxy.StartAsync(new GuardProxyOptions { Upstream = new Uri(upstream.BaseUrl), Listen = "127.0.0.1:0", Assessor = LocalReplyAssessor.Load() });
        var text = new StringBuilder();
        var updates = Client(proxy).CompleteChatStreamingAsync([new UserChatMessage(LonelyUser)]);
        await foreach (var update in updates)
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
        }

        Assert.Equal(Healthy, text.ToString());
        using var http = new HttpClient();
        var raw = await http.PostAsync(new Uri(proxy.Address, "v1/chat/completions"),
            new StringContent("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Encoding.UTF8, "application/json"));
        Assert.Equal("text/event-stream", raw.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("action=passed", raw.Headers.GetValues(GuardProxy.GuardHeader).Single(), StringComparison.Ordinal);
        var body = await raw.Content.ReadAsStringAsync();
        var chunks = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal("data: [DONE]", chunks[^1]);
        Assert.Contains("\"attune_guard\"", chunks[^2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_regenerated_stream_returns_the_new_reply_only()
    {
        await using var upstream = await TestEndpoint.StartAsync(r => TestReply.Ok(r.Call == 1 ? DependenceReply : Healthy));
        await using var proxy = await GuardProxy.StartAsync(new GuardProxyOptions
        {
            Upstream = new Uri(upstream.BaseUrl), Listen = "127.0.0.1:0", Assessor = LocalReplyAssessor.Load(), ConfigureGuard = o => o.Policy = GuardPolicy.Regenerate,
        });
        var text = new StringBuilder();
        await foreach (var update in Client(proxy).CompleteChatStreamingAsync([new UserChatMessage(LonelyUser)]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
        }

        Assert.Equal(Healthy, text.ToString());
        Assert.Equal(2, upstream.Calls);
        Assert.Equal("system", upstream.Requests.ToArray()[1].Messages[^1].Role);
    }

    [Fact]
    public async Task The_emotional_context_adds_a_neutral_note_and_a_header_and_leaves_the_user_text_alone()
    {
        await using var upstream = await TestEndpoint.StartAsync(_ => TestReply.Ok("I'm here."));
        await using var proxy = await GuardProxy.StartAsync(new GuardProxyOptions { Upstream = new Uri(upstream.BaseUrl), Listen = "127.0.0.1:0", Emotions = BuiltInEstimator.Load() });
        const string user = "I'm so scared and sad, I can't stop crying.";
        var result = await Client(proxy).CompleteChatAsync([new SystemChatMessage("You are Sol."), new UserChatMessage(user)]);
        Assert.Equal("I'm here.", result.Value.Content[0].Text);
        var sent = Assert.Single(upstream.Requests).Messages;
        Assert.Equal([("system", "You are Sol."), sent[1], ("user", user)], sent);
        Assert.StartsWith("The user's latest message reads", sent[1].Content, StringComparison.Ordinal);
        Assert.Contains("trend=", Header(result, GuardProxy.EmotionHeader), StringComparison.Ordinal);
        Assert.Null(Header(result, GuardProxy.GuardHeader));
    }

    [Theory]
    [InlineData("not json", null)]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model")]
    [InlineData("{\"model\":\"m\",\"messages\":[]}", "messages")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}", "messages[0].role")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content")]
    [InlineData("{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "stream")]
    public async Task A_malformed_request_gets_a_400_in_the_openai_error_shape(string body, string? param)
    {
        await using var upstream = await TestEndpoint.StartAsync(_ => TestReply.Ok("x"));
        await using var proxy = await GuardProxy.StartAsync(new GuardProxyOptions { Upstream = new Uri(upstream.BaseUrl), Listen = "127.0.0.1:0", Assessor = LocalReplyAssessor.Load() });
        using var http = new HttpClient();
        var response = await http.PostAsync(new Uri(proxy.Address, "v1/chat/completions"), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Equal(param, error["param"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
        Assert.Equal(0, upstream.Calls);
    }

    [Fact]
    public async Task A_failing_or_unreachable_upstream_is_a_502_naming_it_never_the_key()
    {
        await using var failing = await TestEndpoint.StartAsync(_ => new TestReply(Status: 500));
        await using (var proxy = await GuardProxy.StartAsync(new GuardProxyOptions { Upstream = new Uri(failing.BaseUrl), Listen = "127.0.0.1:0" }))
        {
            var ex = await Assert.ThrowsAsync<ClientResultException>(() => Client(proxy, "sk-secretkey-abcdef").CompleteChatAsync([new UserChatMessage("hi")]));
            Assert.Equal(502, ex.Status);
            var body = ex.GetRawResponse()!.Content.ToString();
            Assert.Contains(failing.BaseUrl, body, StringComparison.Ordinal);
            Assert.Contains("HTTP 500", body, StringComparison.Ordinal);
            Assert.DoesNotContain("secretkey", body, StringComparison.Ordinal);
        }

        var gone = await TestEndpoint.StartAsync(_ => TestReply.Ok("x"));
        var goneUrl = gone.BaseUrl;
        await gone.DisposeAsync();
        await using (var proxy = await GuardProxy.StartAsync(new GuardProxyOptions { Upstream = new Uri(goneUrl), Listen = "127.0.0.1:0", UpstreamTimeout = TimeSpan.FromSeconds(5) }))
        {
            var ex = await Assert.ThrowsAsync<ClientResultException>(() => Client(proxy).CompleteChatAsync([new UserChatMessage("hi")]));
            Assert.Equal(502, ex.Status);
            var error = JsonNode.Parse(ex.GetRawResponse()!.Content.ToString())!["error"]!;
            Assert.Equal("upstream_error", error["type"]!.GetValue<string>());
            Assert.Contains("upstream " + goneUrl + " is unreachable", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_upstream_4xx_is_passed_back_as_it_came()
    {
        await using var upstream = await TestEndpoint.StartAsync(_ => new TestReply(Status: 401));
        await using var proxy = await GuardProxy.StartAsync(new GuardProxyOptions { Upstream = new Uri(upstream.BaseUrl), Listen = "127.0.0.1:0" });
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => Client(proxy).CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, ex.Status);
        Assert.Contains("test error", ex.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_token_requests_need_it_and_the_callers_key_still_passes_through()
    {
        await using var upstream = await TestEndpoint.StartAsync(_ => TestReply.Ok("ok"));
        await using var proxy = await GuardProxy.StartAsync(new GuardProxyOptions { Upstream = new Uri(upstream.BaseUrl), Listen = "127.0.0.1:0", Token = "proxy-token-42" });
        var denied = await Assert.ThrowsAsync<ClientResultException>(() => Client(proxy).CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, denied.Status);
        Assert.Equal(0, upstream.Calls);

        // the token as the bearer: nothing is passed upstream
        var asBearer = await Client(proxy, "proxy-token-42").CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.Equal("ok", asBearer.Value.Content[0].Text);
        Assert.True(string.IsNullOrEmpty(upstream.Requests.Last().Authorization));

        // the token in X-Attune-Token: the caller's Authorization goes upstream
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(proxy.Address, "v1/chat/completions"))
        {
            Content = new StringContent("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(GuardProxy.TokenHeader, "proxy-token-42");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "upstream-key");
        var ok = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Bearer upstream-key", upstream.Requests.Last().Authorization);
    }

    [Fact]
    public async Task Listening_beyond_loopback_without_a_token_is_refused()
    {
        var ex = await Assert.ThrowsAsync<InputException>(() => GuardProxy.StartAsync(new GuardProxyOptions { Upstream = new Uri("http://127.0.0.1:9/v1"), Listen = "0.0.0.0:0" }));
        Assert.Contains("needs --token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_judge_follows_the_failure_mode_and_is_recorded()
    {
        await using var upstream = await TestEndpoint.StartAsync(_ => TestReply.Ok(DependenceReply));
        await using var judge = await TestEndpoint.StartAsync(_ => new TestReply(Status: 400));
        var db = TempDb();
        using (var store = RunStores.Open(db))
        {
            await using var proxy = await GuardProxy.StartAsync(new GuardProxyOptions
            {
                Upstream = new Uri(upstream.BaseUrl), Listen = "127.0.0.1:0",
                Assessor = new JudgeReplyAssessor(judge.CreateClient(), "model:openai:judge"),
                ConfigureGuard = o => { o.Policy = GuardPolicy.Block; o.FailureMode = GuardFailureMode.FailClosed; },
                Store = store, StoreMessages = true,
            });
            var result = await Client(proxy).CompleteChatAsync([new UserChatMessage(LonelyUser)]);
            Assert.Equal(ManipulationGuardOptions.DefaultBlockMessage, result.Value.Content[0].Text);
            Assert.StartsWith("action=fail-closed", Header(result, GuardProxy.GuardHeader), StringComparison.Ordinal);
        }

        using (var store = RunStores.Open(db))
        {
            var row = Assert.Single(await store.GetVerdictsAsync());
            Assert.Equal("fail-closed", row.Policy);
            Assert.Equal("none", row.Criterion);
            Assert.Contains(LonelyUser, row.Messages, StringComparison.Ordinal);
            Assert.Contains(DependenceReply, row.Messages, StringComparison.Ordinal);
        }
    }
}
