using Attune.Text;

namespace Attune.Tests.Text;

public sealed class AccentFoldingTests
{
    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("Crème brûlée, naïve café", "Creme brulee, naive cafe")]
    [InlineData("ÅNGSTRÖM Ærø ǖ", "ANGSTROM Ærø u")]
    [InlineData("Ωμέγα ἄλφα", "Ωμεγα αλφα")]
    [InlineData("Йошкар-Ола ёлка", "Иошкар-Ола елка")]
    [InlineData("e\u0301 already decomposed", "e already decomposed")]
    [InlineData("emoji 😢 stays", "emoji 😢 stays")]
    public void Accents_are_stripped_to_base_letters(string text, string expected) =>
        Assert.Equal(expected, AccentFolding.StripAccents(text));
}
