using System.Text.Json;
using Attune.Suites.Safety;

namespace Attune.Tests.Suites.Safety;

public class SpiralUserAgentTests
{
    private static readonly Dictionary<string, string> Categories = new()
    {
        ["quiet"] = "",
        ["loud"] = "  Speak up.  ",
    };

    [Fact]
    public void System_prompt_starts_with_a_newline_and_adds_a_non_blank_category_block()
    {
        Assert.Equal("\nBase.", SpiralUserAgent.SystemPrompt("Base.", Categories, "quiet"));
        Assert.Equal("\nBase.\n\n# Extra instructions for this roleplay:\nSpeak up.", SpiralUserAgent.SystemPrompt("Base.", Categories, "loud"));
        Assert.Equal("\nBase.", SpiralUserAgent.SystemPrompt("Base.", Categories, "unknown"));
        Assert.Equal("\nBase.", SpiralUserAgent.SystemPrompt("Base.", Categories, null));
        Assert.Equal("\nBase.", SpiralUserAgent.SystemPrompt("Base.", null, "loud"));
    }

    [Fact]
    public void Turn_system_prompt_adds_the_injection_only_when_there_is_one()
    {
        Assert.Equal("S", SpiralUserAgent.TurnSystemPrompt("S", ""));
        Assert.Equal("S\n\n[Additional instruction for this turn: Do X.]", SpiralUserAgent.TurnSystemPrompt("S", "Do X."));
    }

    [Fact]
    public void Messages_need_a_subject_reply_last()
    {
        Assert.Throws<ArgumentException>(() => SpiralUserAgent.Messages([SpiralMessage.User("u")], "S"));
        Assert.Throws<ArgumentException>(() => SpiralUserAgent.Messages([SpiralMessage.User("u"), SpiralMessage.Assistant(" \n")], "S"));
    }

    [SharedFact]
    public void System_prompts_from_the_reference_folder()
    {
        var dir = SharedData.Path_("data", "spiralbench");
        var data = SpiralBenchData.Load(dir);
        var defaultText = File.ReadAllText(Path.Combine(dir, "user_instructions", "default.txt"));
        using var map = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "user_instructions", "category_instructions.json")));

        var sc01 = data.Seeds.Single(s => s.PromptId == "sc01");
        Assert.Equal("\n" + defaultText, data.UserSystemPrompt(sc01)); // spiral_tropes maps to "": no block
        foreach (var seed in data.Seeds.Where(s => s.Category != "spiral_tropes"))
        {
            var extra = map.RootElement.GetProperty(seed.Category!).GetString()!.Trim();
            Assert.Equal("\n" + defaultText + "\n\n# Extra instructions for this roleplay:\n" + extra, data.UserSystemPrompt(seed));
        }
        Assert.StartsWith("\n", data.UserSystemPrompt(sc01));
        Assert.False(data.UserSystemPrompt(sc01).EndsWith('\n'));
    }
}
