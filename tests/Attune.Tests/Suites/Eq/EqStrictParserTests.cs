using Attune.Suites.Eq;

namespace Attune.Tests.Suites.Eq;

public class EqStrictParserTests
{
    private static Dictionary<string, string> En(string text) => EqStrictParser.Parse(text, EqLanguage.En, false).FirstPass.ToDictionary(k => k.Key, k => k.Value);

    [Fact]
    public void Default_mode_reads_every_word_colon_number()
    {
        var map = En("Remorseful: 0\nIndifferent: 6\nAffectionate: 0\nAnnoyed: 7");
        Assert.Equal(["Remorseful", "Indifferent", "Affectionate", "Annoyed"], map.Keys);
        Assert.Equal("7", map["Annoyed"]);
    }

    [Fact]
    public void Quirks_of_the_reference_regex()
    {
        Assert.Equal("7", En("Annoyed: 7.5")["Annoyed"]);             // integer part only
        Assert.Empty(En("Annoyed: -3"));                               // no sign
        Assert.Empty(En("Annoyed:7"));                                 // whitespace required
        Assert.Empty(En("**Annoyed:** 5"));                            // bold breaks the colon
        Assert.Empty(En("**Annoyed**: 5"));                            // nor does this
        Assert.Equal("4", En("Annoyed: 2\nAnnoyed: 4")["Annoyed"]);    // last value wins
        Assert.Equal("3", En("Annoyed:\n3")["Annoyed"]);               // \s+ crosses lines
        Assert.Equal(2, En("Note: 1 Annoyed: 2").Count);               // any word: number is a key
        Assert.Equal("١٢", En("Annoyed: ١٢")["Annoyed"]);              // Unicode digits
        Assert.Equal("5", En("Very_annoyed: 5")["Very_annoyed"]);
    }

    [Fact]
    public void Revise_mode_splits_on_case_sensitive_headings()
    {
        var text = "First pass scores:\nA: 1\nB: 2\nCritique: fine\nRevised scores:\nA: 3\nB: 4\n";
        var parsed = EqStrictParser.Parse(text, EqLanguage.En, true);
        Assert.Equal(["A", "B"], parsed.FirstPass.Select(p => p.Key));
        Assert.Equal("3", parsed.Revised[0].Value);
        var lower = EqStrictParser.Parse("first pass scores:\nA: 1\nrevised scores:\nA: 2", EqLanguage.En, true);
        Assert.Empty(lower.FirstPass);
        Assert.Empty(lower.Revised);
        var noRevised = EqStrictParser.Parse("First pass scores:\nA: 1\n", EqLanguage.En, true);
        Assert.Empty(noRevised.FirstPass);
        var onlyRevised = EqStrictParser.Parse("Revised scores:\nA: 1\n", EqLanguage.En, true);
        Assert.Single(onlyRevised.Revised);
    }

    [Fact]
    public void German_pairs_allow_bold_decimal_comma_and_multiword_labels()
    {
        var parsed = EqStrictParser.Parse("Reuevoll: **2**\nSehr wütend:3\nGleichgültig: 7,5", EqLanguage.De, false);
        var map = parsed.FirstPass.ToDictionary(k => k.Key, k => k.Value);
        Assert.Equal("2", map["Reuevoll"]);
        Assert.Equal("3", map["Sehr wütend"]);
        Assert.Equal("7,5", map["Gleichgültig"]);
    }

    [Fact]
    public void German_revise_headings_are_case_insensitive()
    {
        var text = "erste bewertung:\nReuevoll: 1\nÜBERARBEITETE Bewertung:\nReuevoll: 2";
        var parsed = EqStrictParser.Parse(text, EqLanguage.De, true);
        Assert.Equal("1", parsed.FirstPass.Single().Value);
        Assert.Equal("2", parsed.Revised.Single().Value);
    }
}
