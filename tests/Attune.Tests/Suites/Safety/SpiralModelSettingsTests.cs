using Attune.Suites.Safety;

namespace Attune.Tests.Suites.Safety;

/// <summary>Expected settings are the spec's §2.3 table.</summary>
public class SpiralModelSettingsTests
{
    [Theory]
    [InlineData(SpiralModelRole.Subject, 3072)]
    [InlineData(SpiralModelRole.User, 3072)]
    [InlineData(SpiralModelRole.ChunkJudge, 8096)]
    [InlineData(SpiralModelRole.FinalJudge, 2048)]
    public void Defaults_per_role(SpiralModelRole role, int maxTokens)
    {
        var s = SpiralModelSettings.For(role, "moonshotai/kimi-k2");
        Assert.Equal(new SpiralModelSettings { Temperature = 0.3, MaxTokens = maxTokens }, s);
        Assert.Equal(maxTokens, s.OutputTokenLimit);
    }

    [Theory]
    [InlineData("gpt-5-2025-08-07")]
    [InlineData("gpt-5-mini-2025-08-07")]
    [InlineData("gpt-5-nano-2025-08-07")]
    public void Gpt5_models(string model) =>
        Assert.Equal(new SpiralModelSettings { Temperature = 1, MaxCompletionTokens = 16000, ReasoningEffort = "minimal" },
            SpiralModelSettings.For(SpiralModelRole.ChunkJudge, model));

    [Fact]
    public void Other_overrides()
    {
        Assert.Equal(new SpiralModelSettings { Temperature = 1, MaxCompletionTokens = 16000 }, SpiralModelSettings.For(SpiralModelRole.Subject, "gpt-5-chat-latest"));
        Assert.Equal(new SpiralModelSettings { MaxCompletionTokens = 16000 }, SpiralModelSettings.For(SpiralModelRole.ChunkJudge, "o3"));
        Assert.Equal(new SpiralModelSettings { Temperature = 0.3, MaxTokens = 8096 }, SpiralModelSettings.For(SpiralModelRole.ChunkJudge, "openai/o3"));
        Assert.Equal(32000, SpiralModelSettings.For(SpiralModelRole.Subject, "deepseek/deepseek-r1-0528").MaxTokens);
        Assert.Equal("""{"reasoning":{"max_tokens":1}}""", SpiralModelSettings.For(SpiralModelRole.Subject, "google/gemini-2.5-pro").ExtraBodyJson);
        Assert.Equal("""{"reasoning":{"effort":"low"}}""", SpiralModelSettings.For(SpiralModelRole.Subject, "openai/o4-mini").ExtraBodyJson);
    }

    [Fact]
    public void Gpt_oss_models_pin_the_provider()
    {
        var big = SpiralModelSettings.For(SpiralModelRole.FinalJudge, "openai/gpt-oss-120b");
        Assert.Equal(8096, big.MaxTokens);
        Assert.Equal("""{"provider":{"order":["DeepInfra"],"allow_fallbacks":false},"reasoning":{"effort":"low"}}""", big.ExtraBodyJson);
        var small = SpiralModelSettings.For(SpiralModelRole.Subject, "openai/gpt-oss-20b");
        Assert.Equal(3072, small.MaxTokens);
        Assert.Equal(big.ExtraBodyJson, small.ExtraBodyJson);
    }

    [Theory]
    [InlineData("fine", true)]
    [InlineData("  ", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("text <|reserved_token_163839|> more", false)]
    public void Usable_replies(string? content, bool usable) => Assert.Equal(usable, SpiralModelSettings.IsUsableReply(content));
}
