using System.ClientModel;
using Attune.Chat;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Attune.Tests.Chat;

public class RetryingChatClientTests
{
    private static RetryOptions Fast(List<TransportFailure>? failures = null, string endpoint = "model") => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(5),
        Endpoint = endpoint,
        OnFailure = failures is null ? null : f => { lock (failures) failures.Add(f); },
    };

    private static ChatMessage[] Ask(string text) => [new ChatMessage(ChatRole.User, text)];

    [Fact]
    public async Task Faults_are_retried_reported_with_their_trial_and_never_returned_as_answers()
    {
        await using var server = await TestEndpoint.StartAsync(req => req.Call switch
        {
            1 => new TestReply(Status: 429, RetryAfter: "0"),
            2 => new TestReply(Status: 503),
            3 => new TestReply("broken", Truncate: true),
            _ => TestReply.Ok("echo: " + req.Prompt),
        });
        var failures = new List<TransportFailure>();
        using var client = new RetryingChatClient(server.CreateClient(), Fast(failures));
        var response = await client.GetResponseAsync(Ask("hello"), new TrialTag("t/1", 2, 3).On());
        Assert.Equal("echo: hello", response.Text);
        Assert.Equal(4, server.Calls);
        Assert.Equal(["rate-limited", "server-error", "broken-body"], failures.Select(f => f.Kind));
        Assert.All(failures, f => Assert.Equal(new TrialTag("t/1", 2, 3), f.Tag));
        Assert.True(ResponseProperties.Latency(response) > TimeSpan.Zero);
    }

    [Fact]
    public async Task Attune_tags_never_reach_the_provider()
    {
        await using var server = await TestEndpoint.StartAsync(_ => TestReply.Ok("ok"));
        using var client = new RetryingChatClient(server.CreateClient(), Fast());
        await client.GetResponseAsync(Ask("x"), new TrialTag("secret-trial-id", 1, 1).On(new ChatOptions { Temperature = 0.5f }));
        var body = Assert.Single(server.Requests).Body;
        Assert.DoesNotContain("secret-trial-id", body, StringComparison.Ordinal);
        Assert.DoesNotContain("attune.", body, StringComparison.Ordinal);
        Assert.Equal(0.5, Assert.Single(server.Requests).Temperature);
    }

    [Fact]
    public async Task Retry_after_pauses_every_request_of_the_client()
    {
        var arrivals = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTime>();
        await using var server = await TestEndpoint.StartAsync(req =>
        {
            arrivals.TryAdd(req.Prompt + "#" + req.Call, DateTime.UtcNow);
            return req.Call == 1 ? new TestReply(Status: 429, RetryAfter: "1") : TestReply.Ok("ok");
        });
        var limited = new TaskCompletionSource<DateTime>();
        var options = Fast();
        options.OnFailure = _ => limited.TrySetResult(DateTime.UtcNow);
        using var client = new RetryingChatClient(server.CreateClient(), options);
        var first = client.GetResponseAsync(Ask("a"));
        var pausedAt = await limited.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = await client.GetResponseAsync(Ask("b"));
        Assert.Equal("ok", second.Text);
        Assert.Equal("ok", (await first).Text);
        var secondArrival = arrivals.Single(kv => kv.Key.StartsWith("b#", StringComparison.Ordinal)).Value;
        Assert.True(secondArrival - pausedAt > TimeSpan.FromMilliseconds(800), $"second request arrived {(secondArrival - pausedAt).TotalMilliseconds} ms after the 429");
    }

    [Fact]
    public async Task An_enormous_retry_after_is_capped_not_an_overflow()
    {
        await using var server = await TestEndpoint.StartAsync(req => req.Call == 1 ? new TestReply(Status: 429, RetryAfter: "1e300") : TestReply.Ok("ok"));
        var options = Fast();
        options.MaxRetryAfter = TimeSpan.FromMilliseconds(50);
        using var client = new RetryingChatClient(server.CreateClient(), options);
        Assert.Equal("ok", (await client.GetResponseAsync(Ask("x"))).Text);
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task Client_errors_fail_at_once_with_the_endpoint_and_never_the_key()
    {
        await using var server = await TestEndpoint.StartAsync(_ => new TestReply(Status: 401));
        using var client = new RetryingChatClient(server.CreateClient(), Fast(endpoint: server.BaseUrl));
        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Ask("x")));
        Assert.Equal(1, server.Calls);
        Assert.Contains(server.BaseUrl, ex.Message, StringComparison.Ordinal);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("test-key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_connection_fails_fast()
    {
        var inner = new OpenAIClient(new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) }).GetChatClient("m").AsIChatClient();
        using var client = new RetryingChatClient(inner, Fast(endpoint: "http://127.0.0.1:9/v1"));
        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Ask("x")));
        Assert.Contains("127.0.0.1:9", ex.Message, StringComparison.Ordinal);
        Assert.Contains("refused", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[]}", "has no choices")]
    [InlineData("{\"choices\": []}", "has no choices")]
    [InlineData("[1,2]", "not a chat completion")]
    public async Task Bodies_that_are_not_completions_name_what_is_missing(string body, string expected)
    {
        await using var server = await TestEndpoint.StartAsync(_ => new TestReply(Raw: body));
        using var client = new RetryingChatClient(server.CreateClient(), new RetryOptions { MaxRetries = 0, Endpoint = server.BaseUrl });
        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync(Ask("hi")));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", ex.Message, StringComparison.Ordinal);
    }
}
