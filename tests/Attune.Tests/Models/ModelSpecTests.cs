using Attune.Models;
using Microsoft.Extensions.AI;

namespace Attune.Tests.Models;

public class ModelSpecTests
{
    private static ModelOptions Env(params (string Key, string Value)[] vars)
        => new() { Environment = k => vars.FirstOrDefault(v => v.Key == k).Value };

    [Theory]
    [InlineData("openai:gpt-4o-mini", "openai", "gpt-4o-mini")]
    [InlineData("OLLAMA:llama3.1:8b", "ollama", "llama3.1:8b")]
    [InlineData("anthropic:claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5")]
    [InlineData("builtin:baseline", "builtin", "baseline")]
    public void Parses_provider_and_model(string spec, string provider, string model)
        => Assert.Equal(new ModelSpec(provider, model), ModelSpec.Parse(spec));

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("mistral:large")]
    [InlineData("builtin:oracle")]
    [InlineData("openai:")]
    public void Rejects_unknown_or_incomplete_specs(string spec)
        => Assert.Throws<InputException>(() => ModelSpec.Parse(spec));

    [Fact]
    public async Task Each_provider_client_speaks_its_own_api_to_its_endpoint_with_its_own_key()
    {
        await using var server = await TestEndpoint.StartAsync(req => TestReply.Ok($"{req.Api} answered {req.Model}"));
        var cases = new (string Spec, ModelOptions Options, string Api, string Endpoint)[]
        {
            ("openai:gpt-x", new ModelOptions { BaseUrl = server.BaseUrl + "/", Environment = k => k == "OPENAI_API_KEY" ? "sk-openai-1" : null }, "openai", server.BaseUrl),
            ("openai:gpt-y", new ModelOptions { Environment = k => k == "OPENAI_BASE_URL" ? server.BaseUrl : null }, "openai", server.BaseUrl),
            ("ollama:llama3.1:8b", new ModelOptions { Environment = k => k == "OLLAMA_HOST" ? server.Root.Replace("http://", "", StringComparison.Ordinal) : null }, "ollama", server.Root),
            ("anthropic:claude-z", new ModelOptions { BaseUrl = server.Root, Environment = k => k == "ANTHROPIC_API_KEY" ? "sk-ant-1" : null }, "anthropic", server.Root),
        };
        foreach (var (spec, options, api, endpoint) in cases)
        {
            var model = ModelSpec.Parse(spec);
            Assert.Equal(endpoint, model.Endpoint(options));
            using var client = model.CreateChatClient(options);
            var response = await client.GetResponseAsync([new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "hello " + spec)],
                new ChatOptions { Temperature = 0.25f, MaxOutputTokens = 33 });
            Assert.Equal($"{api} answered {model.Model}", response.Text);
            var request = server.Requests.Last();
            Assert.Equal((api, model.Model, 33), (request.Api, request.Model, request.MaxTokens));
            Assert.True(request.Temperature is { } t && Math.Abs(t - 0.25) < 1e-6, $"{api}: temperature not sent as 0.25: {request.Body}");
            Assert.Equal([("system", "be brief"), ("user", "hello " + spec)], request.Messages);
            Assert.Equal(model.Model, client.GetService<ChatClientMetadata>()?.DefaultModelId);
        }
        var requests = server.Requests.ToList();
        Assert.Equal("Bearer sk-openai-1", requests[0].Authorization);
        Assert.Equal("Bearer no-key", requests[1].Authorization); // a custom endpoint needs no key; none is invented from elsewhere
        Assert.Equal("", requests[2].Authorization);
        Assert.Equal("Bearer sk-ant-1", requests[3].Authorization); // the Anthropic SDK 13 sends an API key as a bearer token (its documented behaviour)
        using var builtin = ModelSpec.Default.CreateChatClient();
        Assert.IsType<BaselineChatClient>(builtin);
        Assert.Equal("in-process", ModelSpec.Default.Endpoint(new ModelOptions()));
    }

    [Fact]
    public void Default_endpoints_are_the_providers_own()
    {
        var none = new ModelOptions { Environment = _ => null };
        Assert.Equal("https://api.openai.com/v1", ModelSpec.Parse("openai:m").Endpoint(none));
        Assert.Equal("http://localhost:11434", ModelSpec.Parse("ollama:m").Endpoint(none));
        Assert.Equal("https://api.anthropic.com", ModelSpec.Parse("anthropic:m").Endpoint(none));
    }

    [Fact]
    public void Missing_keys_name_the_variable_and_never_echo_a_key()
    {
        Assert.Contains("OPENAI_API_KEY", Assert.Throws<InputException>(() => ModelSpec.Parse("openai:m").CreateChatClient(Env())).Message, StringComparison.Ordinal);
        Assert.Contains("ANTHROPIC_API_KEY", Assert.Throws<InputException>(() => ModelSpec.Parse("anthropic:m").CreateChatClient(Env())).Message, StringComparison.Ordinal);
        var bad = Assert.Throws<InputException>(() => ModelSpec.Parse("openai:m").CreateChatClient(new ModelOptions { BaseUrl = "ftp://x", Environment = _ => "sk-secret" }));
        Assert.DoesNotContain("sk-secret", bad.Message, StringComparison.Ordinal);
    }
}
