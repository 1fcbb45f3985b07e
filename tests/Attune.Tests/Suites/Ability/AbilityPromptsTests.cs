using Attune.Suites.Ability;

namespace Attune.Tests.Suites.Ability;

public class AbilityPromptsTests
{
    // The digests are the EmoBench reference code's own (see EmoBenchReference and tools/reference-vectors/).
    [SharedTheory]
    [InlineData("en", false, false, EmoBenchReference.English)]
    [InlineData("zh", false, false, EmoBenchReference.Chinese)]
    [InlineData("en", true, false, EmoBenchReference.EnglishCot)]
    [InlineData("zh", true, false, EmoBenchReference.ChineseCot)]
    [InlineData("en", false, true, EmoBenchReference.EnglishNoThink)]
    public void EmoBench_messages_are_byte_identical_to_the_reference(string language, bool cot, bool noThink, string digest)
    {
        var set = AbilityItemSet.Load(SharedData.Path_("data", "emobench"));
        Assert.Equal(digest, Digest(new AbilitySuite(set, new AbilitySuiteOptions { Language = language, ChainOfThought = cot, NoThink = noThink })));
    }

    internal static string Digest(AbilitySuite suite)
        => EmoBenchReference.Digest(suite.Items.Select(item =>
        {
            var m = suite.Messages(item);
            return (item.Task.ToString(), item.Qid, m[0].Text, m[1].Text);
        }));

    [SharedFact]
    public void An_emobench_checkout_layout_reads_the_same()
    {
        var root = Directory.CreateTempSubdirectory("attune-emobench-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "data"));
        Directory.CreateDirectory(Path.Combine(root, "src", "configs"));
        foreach (var f in new[] { "EU.jsonl", "EA.jsonl" }) File.Copy(SharedData.Path_("data", "emobench", f), Path.Combine(root, "data", f));
        foreach (var f in new[] { "prompts.yaml", "response.yaml" }) File.Copy(SharedData.Path_("data", "emobench", "configs", f), Path.Combine(root, "src", "configs", f));
        var flat = new AbilitySuite(AbilityItemSet.Load(SharedData.Path_("data", "emobench")));
        var checkout = new AbilitySuite(AbilityItemSet.Load(root));
        Assert.Equal(Digest(flat), Digest(checkout));
        Assert.Equal(200 + 200, checkout.Items.Count);
    }

    [Fact]
    public void Format_follows_python_str_format()
    {
        var values = new Dictionary<string, string> { ["a"] = "{x}", ["b"] = "2" };
        Assert.Equal("1 {x} {b} 2}", AbilityPrompts.Format("1 {a} {{b}} {b}}}", values, "t"));
        Assert.Throws<InputException>(() => AbilityPrompts.Format("{c}", values, "t"));
        Assert.Throws<InputException>(() => AbilityPrompts.Format("a } b", values, "t"));
    }

    [Fact]
    public void Qwen_models_get_no_think_as_in_the_reference()
    {
        Assert.True(AbilityPrompts.NeedsNoThink("Qwen/Qwen3-8B"));
        Assert.True(AbilityPrompts.NeedsNoThink("qwen2.5:7b"));
        Assert.False(AbilityPrompts.NeedsNoThink("gpt-4o"));
    }

    [Fact]
    public void Built_in_items_load_with_their_own_wording()
    {
        var set = AbilityItemSet.LoadBuiltIn();
        Assert.True(set.IsBuiltIn);
        Assert.True(set.Items.Count(i => i.Task == AbilityTask.EU) >= 50);
        Assert.True(set.Items.Count(i => i.Task == AbilityTask.EA) >= 50);
        Assert.All(set.Items.Where(i => i.Task == AbilityTask.EU), i => Assert.Equal(5, i.Choices.Count));
        Assert.All(set.Items.Where(i => i.Task == AbilityTask.EA), i => Assert.Equal(4, i.Choices.Count));
        var suite = new AbilitySuite(set);
        var m = suite.Messages(suite.Items[0]);
        Assert.Contains("answer_q1", m[0].Text, StringComparison.Ordinal);
        Assert.Contains("A) ", m[1].Text, StringComparison.Ordinal);
    }
}
