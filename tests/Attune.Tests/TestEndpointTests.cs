using Microsoft.Extensions.AI;

namespace Attune.Tests;

/// <summary>The loopback endpoint itself: a failing handler fails the test clearly instead of becoming a retried 500.</summary>
public class TestEndpointTests
{
    [Fact]
    public async Task A_failed_assertion_in_the_handler_is_rethrown_and_never_retried()
    {
        var server = await TestEndpoint.StartAsync(req =>
        {
            Assert.Equal("expected prompt", req.Prompt);
            return TestReply.Ok("fine");
        });
        using var client = new Attune.Chat.RetryingChatClient(server.CreateClient(), new Attune.Chat.RetryOptions { MaxRetries = 5, BaseDelay = TimeSpan.FromMilliseconds(1) });
        await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "another prompt")]));
        Assert.Equal(1, server.Calls); // a client error: not retried
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await server.DisposeAsync());
        Assert.IsType<Xunit.Sdk.EqualException>(ex.InnerException);
        Assert.Contains("handler failed on 1 request", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_that_never_fails_disposes_quietly_and_counts_requests_in_flight()
    {
        var server = await TestEndpoint.StartAsync(_ => new TestReply("ok", Delay: TimeSpan.FromMilliseconds(200)));
        using var client = server.CreateClient();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")])));
        Assert.Equal(3, server.Calls);
        Assert.Equal(3, server.MaxInFlight);
        await server.DisposeAsync();
        Assert.Empty(server.HandlerFailures);
    }
}
