using Attune.Emotions;

namespace Attune.Tests.Emotions;

public sealed class AccurateEstimatorTests
{
    private static AccurateEstimator Estimator => AccurateEstimator.Load();

    [Fact]
    public void Load_reads_the_embedded_head_once()
    {
        Assert.Same(Estimator, AccurateEstimator.Load());
        Assert.Same(Taxonomy.GoEmotions, Estimator.Taxonomy);
        Assert.NotNull(typeof(AccurateEstimator).Assembly.GetManifestResourceInfo(AccurateEstimator.ResourceName));
        Assert.Contains("all-MiniLM-L6-v2", Estimator.Description, StringComparison.Ordinal);
    }

    // Expected labels: what a reader sees in these unambiguous sentences (GoEmotions' label definitions).
    [Theory]
    [InlineData("Thank you so much, this means a lot", "gratitude")]
    [InlineData("LOL this is hilarious 😂", "amusement")]
    [InlineData("I'm terrified of what the doctor will say tomorrow.", "fear")]
    [InlineData("I'm so sorry, it was all my fault.", "remorse")]
    [InlineData("I love you so much", "love")]
    [InlineData("What does that even mean?", "confusion")]
    public void Unambiguous_sentences_get_the_obvious_label(string text, string label)
    {
        EmotionScores scores = Estimator.Estimate(text);
        Assert.Contains(label, scores.Top(2).Select(s => s.Label));
    }

    [Fact]
    public void Thank_you_is_decided_as_gratitude()
    {
        EmotionScores scores = Estimator.Estimate("Thank you so much, this means a lot");
        Assert.Equal("gratitude", scores.Labels[0]);
        Assert.True(scores["gratitude"] > 0.5);
    }

    [Fact]
    public void For_me_softens_the_reproach_but_does_not_yet_read_as_gratitude()
    {
        // The pair: the same words, with and without "for me". A reader hears thanks in the first and reproach in
        // the second. Neither tier decides gratitude for the first (both read surprise, as GoEmotions' annotators mostly
        // did for "I can't believe ..."); what the accurate tier does get is the direction: the bare sentence is the more
        // disapproving and surprised one.
        EmotionScores forMe = Estimator.Estimate("I can't believe you did this for me");
        EmotionScores bare = Estimator.Estimate("I can't believe you did this");
        Assert.DoesNotContain("gratitude", bare.Labels);
        Assert.Contains("disapproval", bare.Labels);
        Assert.True(bare["disapproval"] > forMe["disapproval"]);
        Assert.True(bare["surprise"] > forMe["surprise"]);
        Assert.True(forMe["gratitude"] >= bare["gratitude"]);
    }

    [Fact]
    public void Blank_texts_get_no_label_and_a_text_scores_the_same_alone_and_in_a_batch()
    {
        string[] texts = ["", "   ", "Thank you so much!", "I miss her every day", "This is so annoying, stop it"];
        IReadOnlyList<EmotionScores> batch = Estimator.Estimate(texts);
        Assert.Empty(batch[0].Labels);
        Assert.Equal(0.0, batch[1].Scores.Values.Max());
        for (int i = 2; i < texts.Length; i++)
        {
            // a text reads the same alone as beside others: every score, exactly
            EmotionScores single = Estimator.Estimate(texts[i]);
            Assert.Equal(single.Labels, batch[i].Labels);
            foreach (string label in Taxonomy.GoEmotions.Labels)
            {
                Assert.Equal(single[label], batch[i][label]);
            }
        }

        Assert.Equal(batch.Select(b => b.ToString()), Estimator.Estimate(texts).Select(b => b.ToString()));
    }

    [Fact]
    public async Task Honours_cancellation()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Estimator.EstimateAsync(["hello"], cts.Token));
    }

    [SharedFact]
    public void Dev_slice_macro_f1_lies_in_the_stated_band()
    {
        // The first 1,000 rows of GoEmotions dev. The shipped thresholds were tuned on all of dev, so this is the
        // optimistic kind of figure; the band is the one RESULTS.md states for it: 0.48 to 0.62.
        var rows = File.ReadLines(SharedData.Path_("data", "goemotions", "dev.tsv")).Where(l => l.Length > 0).Take(1000).Select(l => l.Split('\t')).ToArray();
        IReadOnlyList<EmotionScores> predicted = Estimator.Estimate(rows.Select(r => r[0]).ToArray());
        var gold = rows.Select(r => (IReadOnlyCollection<string>)r[1].Split(',').Select(id => Taxonomy.GoEmotions.Labels[int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)]).ToHashSet()).ToArray();
        var evaluation = MultiLabelEvaluation.Compute(Taxonomy.GoEmotions, gold, predicted.Select(p => (IReadOnlyCollection<string>)p.Labels.ToHashSet()).ToArray());
        Assert.InRange(evaluation.MacroF1, 0.48, 0.62);
    }
}
