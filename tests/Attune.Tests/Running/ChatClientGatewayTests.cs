using System.ClientModel;
using Attune.Running;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Attune.Tests.Running;

public class ChatClientGatewayTests
{
    private static readonly RetryOptions Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200), RequestTimeout = TimeSpan.FromSeconds(5) };

    private static ModelRequest Request(string text, int n = 1) => new($"t/{n}", [new ChatMessage(ChatRole.User, text)], 0.01, 60, 1, 1);

    [Fact]
    public async Task Faults_are_retried_and_never_returned_as_answers()
    {
        await using var server = await TestEndpoint.StartAsync(req => req.Call switch
        {
            1 => new TestReply(Status: 429, RetryAfter: "0"),
            2 => new TestReply(Status: 503),
            3 => new TestReply("broken", Truncate: true),
            _ => TestReply.Ok("echo: " + req.Prompt),
        });
        var failures = new List<TransportFailure>();
        var gateway = new ChatClientGateway(server.CreateClient(), server.BaseUrl, Fast);
        gateway.TransportFailed += failures.Add;
        var response = await gateway.AskAsync(Request("hello"), CancellationToken.None);
        Assert.Equal("echo: hello", response.Text);
        Assert.Equal(4, server.Calls);
        Assert.Equal(["rate-limited", "server-error", "broken-body"], failures.Select(f => f.Kind));
    }

    [Fact]
    public async Task Retry_after_pauses_the_whole_run()
    {
        var arrivals = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTime>();
        await using var server = await TestEndpoint.StartAsync(req =>
        {
            arrivals.TryAdd(req.Prompt + "#" + req.Call, DateTime.UtcNow);
            return req.Call == 1 ? new TestReply(Status: 429, RetryAfter: "1") : TestReply.Ok("ok");
        });
        var gateway = new ChatClientGateway(server.CreateClient(), server.BaseUrl, Fast);
        var limited = new TaskCompletionSource<DateTime>();
        gateway.TransportFailed += f => limited.TrySetResult(DateTime.UtcNow);
        var first = gateway.AskAsync(Request("a", 1), CancellationToken.None);
        var pausedAt = await limited.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = await gateway.AskAsync(Request("b", 2), CancellationToken.None);
        Assert.Equal("ok", second.Text);
        Assert.Equal("ok", (await first).Text);
        var secondArrival = arrivals.Single(kv => kv.Key.StartsWith("b#", StringComparison.Ordinal)).Value;
        // the other request waited for the Retry-After that the first one received
        Assert.True(secondArrival - pausedAt > TimeSpan.FromMilliseconds(800), $"second request arrived {(secondArrival - pausedAt).TotalMilliseconds} ms after the 429");
    }

    [Fact]
    public async Task Client_errors_fail_at_once_with_the_endpoint_and_never_the_key()
    {
        await using var server = await TestEndpoint.StartAsync(_ => new TestReply(Status: 401));
        var gateway = new ChatClientGateway(server.CreateClient(), server.BaseUrl, Fast);
        var ex = await Assert.ThrowsAsync<ProviderException>(() => gateway.AskAsync(Request("x"), CancellationToken.None));
        Assert.Equal(1, server.Calls);
        Assert.Contains(server.BaseUrl, ex.Message, StringComparison.Ordinal);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("test-key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_connection_fails_fast()
    {
        var client = new OpenAIClient(new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) }).GetChatClient("m").AsIChatClient();
        var gateway = new ChatClientGateway(client, "http://127.0.0.1:9/v1", Fast);
        var ex = await Assert.ThrowsAsync<ProviderException>(() => gateway.AskAsync(Request("x"), CancellationToken.None));
        Assert.Contains("127.0.0.1:9", ex.Message, StringComparison.Ordinal);
        Assert.Contains("refused", ex.Message, StringComparison.Ordinal);
    }
}
