using System.Text.Json.Nodes;
using Attune.Text;

namespace Attune.Tests.Text;

/// <summary>The robust JSON extraction of EQ-Bench 3 (spec §3.3, TV5 and errata 3).</summary>
public class JsonExtractionTests
{
    private static string? S(JsonObject o, string key) => o[key]?.GetValue<string>();

    [Fact]
    public void TV5_DuplicateKeyKeepsTheLastValue()
    {
        var o = JsonExtraction.ExtractObject("{\"a\": 1, \"a\": 2}")!;
        Assert.Single(o);
        Assert.Equal(2, o["a"]!.GetValue<long>());
    }

    [Fact]
    public void TV5_TheLastOfSeveralFencedBlocksWins()
    {
        var o = JsonExtraction.ExtractObject("```json\n{\"a\": 1}\n```\nthen\n```json\n{\"a\": 2}\n```")!;
        Assert.Equal(2, o["a"]!.GetValue<long>());
    }

    [Fact]
    public void TV5_OnlyTheFirstObjectIsTaken()
    {
        var o = JsonExtraction.ExtractObject("Sure! {\"a\": \"A0493+\"} and later {\"b\": \"A0488++\"}")!;
        Assert.Single(o);
        Assert.Equal("A0493+", S(o, "a"));
    }

    [Fact]
    public void TV5_InnerQuotesAndRawNewlinesAreRepaired()
    {
        var o = JsonExtraction.ExtractObject("{\n \"chain_of_thought_reasoning\": \"He said \"no\" and\nleft\",\n \"overall_eq\": \"A0493++\"\n}")!;
        Assert.Equal("He said \"no\" and\nleft", S(o, "chain_of_thought_reasoning"));
        Assert.Equal("A0493++", S(o, "overall_eq"));
    }

    [Theory]
    [InlineData("no json here")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{\"a\": \"x\ty\"}")]
    [InlineData("{'a': 1}")]
    [InlineData("")]
    [InlineData("{\"a\": 1")]
    public void TV5_ParseFailures(string text)
    {
        Assert.Null(JsonExtraction.ExtractObject(text));
    }

    [Fact]
    public void TV5_EmptyObjectParsesButIsEmpty()
    {
        Assert.Empty(JsonExtraction.ExtractObject("{}")!);
    }

    [Fact]
    public void NullTextGivesNull() => Assert.Null(JsonExtraction.ExtractObject(null));

    [Fact]
    public void NanAndInfinityAreAccepted()
    {
        var o = JsonExtraction.ExtractObject("{\"a\": NaN, \"b\": -Infinity, \"c\": 1e3}")!;
        Assert.True(double.IsNaN(o["a"]!.GetValue<double>()));
        Assert.Equal(double.NegativeInfinity, o["b"]!.GetValue<double>());
        Assert.Equal(1000.0, o["c"]!.GetValue<double>());
    }

    [Fact]
    public void BracesInsideStringsAreIgnored()
    {
        var o = JsonExtraction.ExtractObject("x {\"a\": \"}{\\\"}\"} y")!;
        Assert.Equal("}{\"}", S(o, "a"));
    }

    [Fact]
    public void Errata3_StrayClosingBraceBeforeTheObjectMeansNoObject()
    {
        Assert.Null(JsonExtraction.ExtractObject("oops } {\"a\": 1}"));
    }

    [Fact]
    public void Errata3_FenceLinesAreFoundAfterAnyPythonLineBreak()
    {
        // U+2028 is a line break for str.splitlines(), so the fence after it is dropped.
        var o = JsonExtraction.ExtractObject("{\"a\": 1}\u2028```")!;
        Assert.Equal(1, o["a"]!.GetValue<long>());
        // A single ```json block is not cut; its fence lines are dropped.
        Assert.NotNull(JsonExtraction.ExtractObject("text\n```json\n{\"a\": 1}\n```"));
    }

    [Fact]
    public void Errata3_LineSeparatorInsideAStringBecomesANewline()
    {
        var o = JsonExtraction.ExtractObject("{\"a\": \"x\u2028y\"}")!;
        Assert.Equal("x\ny", S(o, "a"));
    }

    [Fact]
    public void KeysKeepFirstAppearanceOrder()
    {
        var o = JsonExtraction.ExtractObject("{\"b\": 1, \"a\": 2, \"b\": 3}")!;
        Assert.Equal(["b", "a"], o.Select(kv => kv.Key));
    }
}
