using System.Security.Cryptography;
using System.Text;
using Attune.Suites.Ability;

namespace Attune.Tests.Suites.Ability;

public class AbilityPromptsTests
{
    // SHA-256 over "task \0 qid \0 system \0 user \n" for every item, computed by running the EmoBench reference's
    // own message construction (PyYAML + str.format) over ../shared/data/emobench. Equal digests mean every system and
    // user message is byte-identical to what the reference sends.
    [Theory]
    [InlineData("en", false, false, "0f6d2e115ce4b96e1037c8a2e94410ffadc57d0163671823e5b34f3d942948bd")]
    [InlineData("zh", false, false, "bc4bc4e4cab64886e49b50b4a60270853e3cd65257dc355e76009040ea500dd8")]
    [InlineData("en", true, false, "257adf3317415bd1bf025e19acdf1330cc12b1194c56199d295b3ee92f1bbbb4")]
    [InlineData("zh", true, false, "7dd34ec42e7215bee94e3c170f15c29cb085b7fa103a051f008c862af67b4e8e")]
    [InlineData("en", false, true, "3a371a33aa8dcee1042777e626f7408b458b771645bb8edd8618293bf1e2db81")]
    public void EmoBench_messages_are_byte_identical_to_the_reference(string language, bool cot, bool noThink, string digest)
    {
        if (!SharedData.Available) return; // skipped: ../shared absent
        var set = AbilityItemSet.Load(SharedData.Path_("data", "emobench"));
        Assert.Equal(digest, Digest(new AbilitySuite(set, new AbilitySuiteOptions { Language = language, ChainOfThought = cot, NoThink = noThink })));
    }

    internal static string Digest(AbilitySuite suite)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var item in suite.Items)
        {
            var m = suite.Messages(item);
            hash.AppendData(Encoding.UTF8.GetBytes($"{item.Task}\0{item.Qid}\0{m[0].Text}\0{m[1].Text}\n"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

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
