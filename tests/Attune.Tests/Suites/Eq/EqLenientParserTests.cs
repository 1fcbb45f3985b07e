using Attune.Suites.Eq;

namespace Attune.Tests.Suites.Eq;

public class EqLenientParserTests
{
    private static Dictionary<string, string> Read(string text, bool revise = false, bool first = true)
    {
        var parsed = EqLenientParser.Parse(text, EqTestData.Question(), EqLanguage.En, revise);
        return (first ? parsed.FirstPass : parsed.Revised).ToDictionary(k => k.Key, k => k.Value);
    }

    [Theory]
    [InlineData("**Remorseful:** 2", "2")]
    [InlineData("**Remorseful**: 2", "2")]
    [InlineData("Remorseful: 2.5", "2.5")]
    [InlineData("Remorseful: 2,5", "2.5")]
    [InlineData("remorseful: 2", "2")]
    [InlineData("REMORSEFUL = 2", "2")]
    [InlineData("Remorseful: 7/10", "7")]
    [InlineData("Remorseful: 3/5", "6")]
    [InlineData("Remorseful:\n2", "2")]
    [InlineData("- Remorseful - 2", "2")]
    [InlineData("1. Remorseful (regret): 2", "2")]
    public void Reads_what_the_strict_parser_misses(string text, string expected)
        => Assert.Equal(expected, Read(text)["Remorseful"]);

    [Fact]
    public void Non_ascii_digits_never_break_the_lenient_reader()
        => Assert.DoesNotContain("Remorseful", Read("Remorseful: ٣").Keys);

    [Fact]
    public void Only_the_questions_emotions_become_keys_with_canonical_names()
    {
        var map = Read("Intensity: 9\nremorseful: 0\nIndifferent: 6\nAFFECTIONATE: 0\n**Annoyed**: 7/10");
        Assert.Equal(["Remorseful", "Indifferent", "Affectionate", "Annoyed"], map.Keys);
        Assert.Equal(10.0, EqScoring.ScoreFullscale(EqTestData.Fullscale, EqAnswerMap.From(map.Select(k => (k.Key, k.Value)))));
    }

    [Fact]
    public void Revise_sections_are_split_case_insensitively()
    {
        const string text = "FIRST PASS SCORES\nRemorseful: 1\n\ncritique: hmm\n\n**Revised Scores:**\nRemorseful: 3";
        Assert.Equal("1", Read(text, revise: true)["Remorseful"]);
        Assert.Equal("3", Read(text, revise: true, first: false)["Remorseful"]);
    }
}
