using Attune.Emotions;

namespace Attune.Tests.Emotions;

public sealed class TaxonomyMappingTests
{
    [Theory]
    [InlineData("anger", "anger")]
    [InlineData("annoyance", "anger")]
    [InlineData("disapproval", "anger")]
    [InlineData("disgust", "disgust")]
    [InlineData("nervousness", "fear")]
    [InlineData("admiration", "joy")]
    [InlineData("caring", "joy")]
    [InlineData("relief", "joy")]
    [InlineData("grief", "sadness")]
    [InlineData("embarrassment", "sadness")]
    [InlineData("remorse", "sadness")]
    [InlineData("realization", "surprise")]
    [InlineData("curiosity", "surprise")]
    [InlineData("confusion", "surprise")]
    [InlineData("neutral", "neutral")]
    public void GoEmotions_to_Ekman_follows_the_paper_grouping(string source, string target)
    {
        Assert.Equal([target], TaxonomyMapping.GoEmotionsToEkman.TargetsOf(source));
    }

    [Fact]
    public void GoEmotions_to_Ekman_maps_every_label_on_both_sides()
    {
        TaxonomyMapping mapping = TaxonomyMapping.GoEmotionsToEkman;
        Assert.Empty(mapping.UnmappedSourceLabels);
        Assert.Empty(mapping.UnmappedTargetLabels);
        Assert.Equal(12, mapping.SourcesOf("joy").Count);
        Assert.Equal(28, Taxonomy.Ekman.Labels.Sum(l => mapping.SourcesOf(l).Count));
    }

    [Fact]
    public void GoEmotions_to_EmoNet_documents_unmapped_labels()
    {
        TaxonomyMapping mapping = TaxonomyMapping.GoEmotionsToEmoNet;
        Assert.Equal(["approval", "realization", "neutral"], mapping.UnmappedSourceLabels);
        Assert.Contains("Sexual Lust", mapping.UnmappedTargetLabels);
        Assert.Equal(["Thankfulness/Gratitude"], mapping.TargetsOf("gratitude"));
        Assert.Equal(["grief", "sadness"], mapping.SourcesOf("Sadness"));
        Assert.Equal(40 - mapping.UnmappedTargetLabels.Count, Taxonomy.EmoNet.Labels.Count(l => mapping.SourcesOf(l).Count > 0));
    }

    [Fact]
    public void Convert_takes_the_maximum_of_mapped_scores_and_keeps_decided_labels()
    {
        var scores = new double[28];
        scores[Taxonomy.GoEmotions.IndexOf("annoyance")] = 0.7;
        scores[Taxonomy.GoEmotions.IndexOf("anger")] = 0.2;
        scores[Taxonomy.GoEmotions.IndexOf("disapproval")] = 0.4;
        scores[Taxonomy.GoEmotions.IndexOf("joy")] = 0.1;
        var source = new EmotionScores(Taxonomy.GoEmotions, scores, ["annoyance"]);

        EmotionScores ekman = TaxonomyMapping.GoEmotionsToEkman.Convert(source);

        Assert.Same(Taxonomy.Ekman, ekman.Taxonomy);
        Assert.Equal(0.7, ekman["anger"]);
        Assert.Equal(0.1, ekman["joy"]);
        Assert.Equal(0.0, ekman["fear"]);
        Assert.Equal(["anger"], ekman.Labels);
    }

    [Fact]
    public void Convert_to_EmoNet_scores_unmapped_categories_zero()
    {
        var scores = Enumerable.Repeat(0.5, 28).ToArray();
        EmotionScores emonet = TaxonomyMapping.Convert(new EmotionScores(Taxonomy.GoEmotions, scores, ["gratitude"]), Taxonomy.EmoNet);

        Assert.Equal(40, emonet.Scores.Count);
        Assert.Equal(0.0, emonet["Sexual Lust"]);
        Assert.Equal(0.5, emonet["Fear"]);
        Assert.Equal(["Thankfulness/Gratitude"], emonet.Labels);
    }

    [Fact]
    public void Convert_to_the_same_taxonomy_is_identity()
    {
        EmotionScores scores = EmotionScores.Empty(Taxonomy.GoEmotions);
        Assert.Same(scores, TaxonomyMapping.Convert(scores, Taxonomy.GoEmotions));
    }

    [Fact]
    public void Convert_rejects_scores_of_another_taxonomy_and_unknown_pairs()
    {
        EmotionScores ekman = EmotionScores.Empty(Taxonomy.Ekman);
        Assert.Throws<ArgumentException>(() => TaxonomyMapping.GoEmotionsToEkman.Convert(ekman));
        Assert.Throws<ArgumentException>(() => TaxonomyMapping.Convert(ekman, Taxonomy.GoEmotions));
        Assert.Throws<ArgumentException>(() => TaxonomyMapping.Find(Taxonomy.EmoNet, Taxonomy.Ekman));
    }

    [Fact]
    public void Custom_mapping_validates_labels()
    {
        var source = new Taxonomy("s", ["a", "b"]);
        var target = new Taxonomy("t", ["x"]);
        Assert.Throws<ArgumentException>(() => new TaxonomyMapping(source, target, new Dictionary<string, IReadOnlyList<string>> { ["c"] = ["x"] }));
        Assert.Throws<ArgumentException>(() => new TaxonomyMapping(source, target, new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["y"] }));

        var mapping = new TaxonomyMapping(source, target, new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["x"] });
        Assert.Equal(["b"], mapping.UnmappedSourceLabels);
        Assert.Empty(mapping.UnmappedTargetLabels);
        Assert.Empty(mapping.TargetsOf("b"));
        Assert.Throws<ArgumentException>(() => mapping.TargetsOf("z"));
        Assert.Throws<ArgumentException>(() => mapping.SourcesOf("z"));
    }
}
