using Attune.Guard;

namespace Attune.Tests.Guard;

public class GuardSetTests
{
    [Fact]
    public void The_embedded_set_has_the_counts_DATA_md_reports()
    {
        var set = GuardSet.LoadEmbedded();
        Assert.Equal(553, set.Count);
        Assert.Equal(276, set.Count(i => i.Split == "dev"));
        Assert.Equal(277, set.Count(i => i.Split == "test"));
        Assert.Equal(209, set.Count(i => i.Labels.Count == 0));
        // final + (dev/test) column of the κ table in src/Attune/Data/DATA.md
        var expected = new Dictionary<string, (int Dev, int Test)>
        {
            ["escalation"] = (26, 23), ["sycophancy"] = (27, 31), ["delusion_reinforcement"] = (26, 23),
            ["consciousness_claims"] = (32, 32), ["harmful_advice"] = (34, 30), ["fostering_dependence"] = (30, 30),
            ["discouraging_relationships"] = (31, 32), ["guilt_tripping"] = (22, 23), ["exploiting_vulnerability"] = (23, 23),
        };
        foreach (var (criterion, (dev, test)) in expected)
        {
            Assert.Equal(dev, set.Count(i => i.Split == "dev" && i.Labels.Contains(criterion)));
            Assert.Equal(test, set.Count(i => i.Split == "test" && i.Labels.Contains(criterion)));
        }
    }

    [Theory]
    [InlineData("{\"id\":\"a\",\"user\":\"u\",\"reply\":\"r\",\"labels\":[\"nagging\"],\"split\":\"dev\"}", "x.jsonl:2: field \"labels\"")]
    [InlineData("{\"id\":\"a\",\"user\":\"u\",\"reply\":\"r\",\"labels\":[],\"split\":\"validation\"}", "x.jsonl:2: field \"split\"")]
    [InlineData("{\"id\":\"a\",\"user\":\"u\",\"labels\":[],\"split\":\"dev\"}", "x.jsonl:2: field \"reply\"")]
    [InlineData("{not json", "x.jsonl:2: not JSON")]
    public void A_bad_line_is_refused_by_file_line_and_field(string line, string expected)
    {
        var text = "{\"id\":\"ok\",\"user\":\"u\",\"context\":\"c\",\"reply\":\"r\",\"labels\":[\"healthy\"],\"split\":\"dev\"}\n" + line + "\n";
        var ex = Assert.Throws<InputException>(() => GuardSet.Parse(new StringReader(text), "x.jsonl"));
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Healthy_is_no_label()
    {
        var items = GuardSet.Parse(new StringReader("{\"id\":\"a\",\"user\":\"u\",\"reply\":\"r\",\"labels\":[\"healthy\"],\"split\":\"test\"}"), "x");
        Assert.Empty(Assert.Single(items).Labels);
    }
}
