using Attune.Suites.Safety;

namespace Attune.Tests.Suites.Safety;

public class SpiralTaskListTests
{
    private const string Tv2 = "ec05 td05 td01 eac02 mp03 ie02 ie01 td03 td02 ec01 ie05 eac01 eac05 mp02 ec02 eac03 sc02 td04 ec04 sc03 "
        + "ec03 eac04 sc05 mp05 ie03 ie04 mp04 sc01 sc04 mp01";

    private static List<SpiralSeed> SpecOrderSeeds()
    {
        // The seed file's order per spec §1.1: 5 per category in this category order
        string[] prefixes = ["sc", "ie", "td", "ec", "mp", "eac"];
        return prefixes.SelectMany(p => Enumerable.Range(1, 5).Select(i => $"{p}{i:00}"))
            .Select((id, i) => new SpiralSeed("eval_prompts_v0.2.json", i, id, null, ["open"]))
            .ToList();
    }

    [Fact]
    public void TV2_prompt_order_after_the_seed_42_shuffle()
    {
        var tasks = SpiralTaskList.Create(SpecOrderSeeds());
        Assert.Equal(Tv2.Split(' '), tasks.Select(t => t.PromptKey));
        Assert.All(tasks, t => Assert.Equal(0, t.ConvoIndex));
    }

    [Fact]
    public void TV2_first_n_prompts_and_several_conversations_each()
    {
        var tasks = SpiralTaskList.Create(SpecOrderSeeds(), numPrompts: 2, convosPerPrompt: 3);
        Assert.Equal(["ec05/0", "ec05/1", "ec05/2", "td05/0", "td05/1", "td05/2"], tasks.Select(t => $"{t.PromptKey}/{t.ConvoIndex}"));
        Assert.Equal("1-td05-2", tasks[5].RngSeed("1"));
        Assert.Empty(SpiralTaskList.Create(SpecOrderSeeds(), numPrompts: 0));
        Assert.Equal(30, SpiralTaskList.Create(SpecOrderSeeds(), numPrompts: 99).Count);
    }

    [SharedFact]
    public void TV2_with_the_reference_seed_file()
    {
        var data = SpiralBenchData.Load(SharedData.Path_("data", "spiralbench"));
        var tasks = SpiralTaskList.Create(data, SpiralBenchOptions.Default);
        Assert.Equal(Tv2.Split(' '), tasks.Select(t => t.PromptKey));
        var setup = SpiralConversationSetup.For(data, tasks[1], SpiralBenchOptions.Default with { SubjectModel = "x/y" });
        Assert.Equal("1-td05-0", setup.RngSeed);
        Assert.Equal(20, setup.NumTurns);
        Assert.Equal(16, setup.Injections.Count);
        Assert.Equal("moonshotai/kimi-k2", setup.UserModel);
    }
}
