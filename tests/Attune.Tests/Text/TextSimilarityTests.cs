using Attune.Suites.Ability;
using Attune.Text;

namespace Attune.Tests.Text;

public class TextSimilarityTests
{
    // Pairs from tools/similarity-pairs/pairs.tsv, labelled by hand when they were written.
    private const string Original = "Tomás was passed over for a promotion he had worked toward for three years. His manager gave the role to a colleague who joined six months ago.";
    private const string Paraphrase = "After three years of working toward a promotion, Tomás did not get it. His boss chose a coworker who had only been at the company for half a year.";
    private const string SameThemeOtherSituation = "Tomás was offered a promotion, but it would mean moving to another country and leaving his ageing parents behind.";

    [Fact]
    public void A_paraphrase_is_above_the_near_duplicate_threshold_and_another_situation_below()
    {
        double paraphrase = TextSimilarity.Shared.Cosine(Original, Paraphrase);
        double other = TextSimilarity.Shared.Cosine(Original, SameThemeOtherSituation);
        Assert.True(paraphrase >= AbilityItemGenerator.DefaultMaxCosine, $"paraphrase cosine {paraphrase}");
        Assert.True(other < AbilityItemGenerator.DefaultMaxCosine, $"other-situation cosine {other}");
        Assert.Equal(1.0, TextSimilarity.Shared.Cosine(Original, Original), 4);
    }

    [Fact]
    public void Nearest_finds_the_paraphrase()
    {
        var candidates = TextSimilarity.Shared.Embed([SameThemeOtherSituation, Paraphrase, "A farmer watches a hailstorm destroy his crop."]);
        var nearest = TextSimilarity.Shared.Nearest(Original, candidates);
        Assert.Equal(1, nearest!.Value.Index);
        Assert.Null(TextSimilarity.Shared.Nearest(Original, []));
    }
}
