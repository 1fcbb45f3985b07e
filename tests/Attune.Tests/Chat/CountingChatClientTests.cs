using Attune.Chat;
using Microsoft.Extensions.AI;

namespace Attune.Tests.Chat;

public class CountingChatClientTests
{
    [Fact]
    public async Task Counts_answers_and_the_tokens_of_answers_that_were_asked()
    {
        await using var server = await TestEndpoint.StartAsync(_ => TestReply.Ok("ok"));
        var counter = new ChatCounter();
        int changes = 0;
        counter.Changed += () => Interlocked.Increment(ref changes);
        using var client = server.CreateClient().AsBuilder().UseCounting(counter).Build();
        await client.GetResponseAsync("one");
        await client.GetResponseAsync("two");
        Assert.Equal(2, counter.Answers);
        Assert.Equal(0, counter.FromCache);
        // the loopback endpoint reports 100 prompt and 20 completion tokens per answer
        Assert.Equal(200, counter.InputTokens);
        Assert.Equal(40, counter.OutputTokens);
        Assert.Equal(2, changes);
        counter.AddFailure();
        Assert.Equal(1, counter.Failures);
    }
}
