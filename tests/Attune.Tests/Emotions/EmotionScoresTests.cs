using Attune.Emotions;

namespace Attune.Tests.Emotions;

public sealed class EmotionScoresTests
{
    private static readonly Taxonomy Small = new("small", ["calm", "joy", "fear"]);

    [Fact]
    public void Scores_cover_every_label_in_taxonomy_order()
    {
        var scores = new EmotionScores(Small, [0.1, 0.9, 0.4], ["joy"]);

        Assert.Same(Small, scores.Taxonomy);
        Assert.Equal(["calm", "joy", "fear"], scores.Scores.Keys);
        Assert.Equal([0.1, 0.9, 0.4], scores.Scores.Values);
        Assert.Equal(0.4, scores["fear"]);
    }

    [Fact]
    public void Scores_read_as_a_dictionary_keyed_by_label()
    {
        var scores = new EmotionScores(Small, [0.1, 0.9, 0.4], ["joy"]);

        Assert.Equal(3, scores.Scores.Count);
        Assert.True(scores.Scores.TryGetValue("joy", out var joy));
        Assert.Equal(0.9, joy);
        Assert.True(scores.Scores.ContainsKey("calm"));
        Assert.False(scores.Scores.ContainsKey("Joy")); // ordinal, as the taxonomy's labels are
        Assert.False(scores.Scores.TryGetValue("anger", out _));
        Assert.Throws<KeyNotFoundException>(() => scores["anger"]);
        Assert.Equal([new KeyValuePair<string, double>("calm", 0.1), new("joy", 0.9), new("fear", 0.4)], scores.Scores);
    }

    [Fact]
    public void Labels_are_ordered_by_score_descending()
    {
        var scores = new EmotionScores(Small, [0.3, 0.5, 0.9], ["calm", "joy", "fear"]);
        Assert.Equal(["fear", "joy", "calm"], scores.Labels);
    }

    [Fact]
    public void Ties_keep_taxonomy_order()
    {
        var scores = new EmotionScores(Small, [0.5, 0.5, 0.5], ["fear", "calm"]);
        Assert.Equal(["calm", "fear"], scores.Labels);
        Assert.Equal(["calm", "joy"], scores.Top(2).Select(s => s.Label));
    }

    [Fact]
    public void Top_returns_the_highest_scores_and_clamps_k()
    {
        var scores = new EmotionScores(Small, [0.2, 0.7, 0.4], []);

        Assert.Equal([new LabelScore("joy", 0.7)], scores.Top(1));
        Assert.Equal(["joy", "fear", "calm"], scores.Top(10).Select(s => s.Label));
        Assert.Empty(scores.Top(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => scores.Top(-1));
    }

    [Fact]
    public void FromThresholds_decides_labels_at_or_above_their_threshold()
    {
        EmotionScores scores = EmotionScores.FromThresholds(Small, [0.5, 0.49, 0.8], [0.5, 0.5, 0.9]);
        Assert.Equal(["calm"], scores.Labels);
    }

    [Fact]
    public void Empty_has_all_zero_scores_and_no_labels()
    {
        EmotionScores scores = EmotionScores.Empty(Taxonomy.GoEmotions);
        Assert.Equal(28, scores.Scores.Count);
        Assert.All(scores.Scores.Values, v => Assert.Equal(0.0, v));
        Assert.Empty(scores.Labels);
        Assert.Equal("(none)", scores.ToString());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void Scores_outside_unit_interval_are_rejected(double bad)
    {
        Assert.Throws<ArgumentException>(() => new EmotionScores(Small, [0.1, bad, 0.2], []));
    }

    [Fact]
    public void Wrong_counts_unknown_and_repeated_labels_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new EmotionScores(Small, [0.1, 0.2], []));
        Assert.Throws<ArgumentException>(() => new EmotionScores(Small, [0.1, 0.2, 0.3], ["anger"]));
        Assert.Throws<ArgumentException>(() => new EmotionScores(Small, [0.1, 0.2, 0.3], ["joy", "joy"]));
        Assert.Throws<ArgumentException>(() => EmotionScores.FromThresholds(Small, [0.1, 0.2, 0.3], [0.5]));
    }

    [Fact]
    public void Scores_are_a_copy_of_the_input()
    {
        double[] input = [0.1, 0.2, 0.3];
        var scores = new EmotionScores(Small, input, []);
        input[0] = 0.9;
        Assert.Equal(0.1, scores["calm"]);
        Assert.IsNotType<Dictionary<string, double>>(scores.Scores);
    }

    [Fact]
    public void ToString_lists_decided_labels_with_scores()
    {
        var scores = new EmotionScores(Small, [0.1, 0.93, 0.41], ["fear", "joy"]);
        Assert.Equal("joy 0.93, fear 0.41", scores.ToString());
    }
}
