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
    public void Builds_real_provider_clients()
    {
        using var openai = ModelSpec.Parse("openai:m").CreateChatClient(Env(("OPENAI_API_KEY", "sk-test")));
        Assert.NotNull(openai.GetService<ChatClientMetadata>());
        using var compatible = ModelSpec.Parse("openai:m").CreateChatClient(new ModelOptions { BaseUrl = "http://127.0.0.1:8000/v1", Environment = _ => null });
        Assert.Equal("http://127.0.0.1:8000/v1", ModelSpec.Parse("openai:m").Endpoint(new ModelOptions { BaseUrl = "http://127.0.0.1:8000/v1/", Environment = _ => null }));
        using var ollama = ModelSpec.Parse("ollama:llama3.1").CreateChatClient(Env(("OLLAMA_HOST", "127.0.0.1:11434")));
        Assert.Equal("http://127.0.0.1:11434", ModelSpec.Parse("ollama:llama3.1").Endpoint(Env(("OLLAMA_HOST", "127.0.0.1:11434"))));
        Assert.Equal("OllamaApiClient", ollama.GetType().Name);
        using var anthropic = ModelSpec.Parse("anthropic:claude-sonnet-4-5").CreateChatClient(Env(("ANTHROPIC_API_KEY", "sk-ant-test")));
        Assert.NotNull(anthropic);
        using var builtin = ModelSpec.Default.CreateChatClient();
        Assert.IsType<BaselineChatClient>(builtin);
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
