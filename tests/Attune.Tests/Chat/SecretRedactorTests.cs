using Attune.Chat;

namespace Attune.Tests.Chat;

public class SecretRedactorTests
{
    [Theory]
    [InlineData("forbidden Bearer sk-canary1234567890", "forbidden Bearer [redacted]")]
    [InlineData("bad key sk-proj-AbC_123456789 here", "bad key [redacted] here")]
    [InlineData("url?api_key=abcdef123&x=1", "url?api_key=[redacted]&x=1")]
    [InlineData("x-api-key: zz99zz99zz", "x-api-key: [redacted]")]
    [InlineData("nothing secret here", "nothing secret here")]
    public void Removes_key_shaped_text(string input, string expected) => Assert.Equal(expected, SecretRedactor.Redact(input, _ => null));

    [Fact]
    public void Removes_the_values_of_key_variables_whatever_their_shape()
    {
        var env = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "plain-looking-value-42" };
        Assert.Equal("echo [redacted] end", SecretRedactor.Redact("echo plain-looking-value-42 end", n => env.GetValueOrDefault(n)));
    }

    [Fact]
    public async Task A_non_json_200_body_that_quotes_the_key_never_reaches_the_error()
    {
        const string canary = "sk-canary-9f8e7d6c5b4a";
        await using var server = await TestEndpoint.StartAsync(_ => new TestReply(Raw: $"forbidden Bearer {canary} (key {canary})"));
        var failures = new List<TransportFailure>();
        using var client = new RetryingChatClient(server.CreateClient(), new RetryOptions
        {
            MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(10), Endpoint = server.BaseUrl, OnFailure = failures.Add,
        });
        var ex = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, "x")]));
        Assert.DoesNotContain("canary", ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.DoesNotContain("canary", f.Message, StringComparison.Ordinal));
    }
}
