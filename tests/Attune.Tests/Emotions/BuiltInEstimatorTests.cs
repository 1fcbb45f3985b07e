using Attune.Emotions;

namespace Attune.Tests.Emotions;

public sealed class BuiltInEstimatorTests
{
    private static BuiltInEstimator Estimator => BuiltInEstimator.Load();

    [Fact]
    public void Load_reads_the_embedded_weights_once()
    {
        BuiltInEstimator estimator = BuiltInEstimator.Load();
        Assert.Same(estimator, BuiltInEstimator.Load());
        Assert.Same(Taxonomy.GoEmotions, estimator.Taxonomy);
        Assert.Equal(Taxonomy.GoEmotions.Labels, estimator.Model.Labels);
        Assert.NotNull(typeof(BuiltInEstimator).Assembly.GetManifestResourceInfo(BuiltInEstimator.ResourceName));
    }

    [Theory]
    [InlineData("Thank you so much!", "gratitude")]
    [InlineData("Thanks for sharing this, really appreciate it.", "gratitude")]
    [InlineData("LOL this is hilarious 😂", "amusement")]
    [InlineData("I love this song so much", "love")]
    [InlineData("I'm so sorry for your loss.", "sadness")]
    [InlineData("What does that even mean?", "confusion")]
    [InlineData("I'm terrified of spiders.", "fear")]
    [InlineData("Wow, congratulations on the new job! That's amazing!", "admiration")]
    public void Obvious_sentences_get_the_obvious_label_near_the_top(string text, string label)
    {
        EmotionScores scores = Estimator.Estimate(text);
        Assert.Contains(label, scores.Top(2).Select(s => s.Label));
    }

    [Fact]
    public void Gratitude_is_top_and_decided_for_thank_you()
    {
        EmotionScores scores = Estimator.Estimate("Thank you so much!");
        Assert.Equal("gratitude", scores.Top(1)[0].Label);
        Assert.Equal("gratitude", scores.Labels[0]);
        Assert.True(scores["gratitude"] > 0.5);
    }

    [Fact]
    public void Plain_statements_are_neutral()
    {
        EmotionScores scores = Estimator.Estimate("The game starts at 7 pm on Saturday.");
        Assert.Equal("neutral", scores.Top(1)[0].Label);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    public void Empty_text_gives_zero_scores_and_no_labels(string text)
    {
        EmotionScores scores = Estimator.Estimate(text);
        Assert.Equal(28, scores.Scores.Count);
        Assert.All(scores.Scores.Values, v => Assert.Equal(0.0, v));
        Assert.Empty(scores.Labels);
    }

    [Fact]
    public void Very_long_text_is_truncated_to_MaxCharacters()
    {
        string head = string.Concat(Enumerable.Repeat("Thank you so much, this made my day! ", 100))[..BuiltInEstimator.MaxCharacters];
        string tail = string.Concat(Enumerable.Repeat(" I hate this, it is disgusting and awful.", 50_000));

        EmotionScores truncated = Estimator.Estimate(head);
        EmotionScores full = Estimator.Estimate(head + tail);

        Assert.Equal(truncated.Scores, full.Scores);
        Assert.Equal("gratitude", full.Top(1)[0].Label);
    }

    [Fact]
    public void Scores_are_probabilities_and_labels_respect_thresholds()
    {
        EmotionScores scores = Estimator.Estimate("Ugh, this is so annoying. Why does it keep happening?");
        Assert.All(scores.Scores.Values, v => Assert.InRange(v, 0.0, 1.0));
        for (int k = 0; k < 28; k++)
        {
            string label = Taxonomy.GoEmotions.Labels[k];
            Assert.Equal(scores[label] >= Estimator.Model.Thresholds[k], scores.Labels.Contains(label));
        }
    }

    [Fact]
    public async Task Estimates_are_deterministic_and_match_between_sync_and_async()
    {
        string[] texts = ["Thank you so much!", "This is awful.", "", "I wonder how that works?"];
        IReadOnlyList<EmotionScores> batch = await Estimator.EstimateAsync(texts);

        Assert.Equal(texts.Length, batch.Count);
        for (int i = 0; i < texts.Length; i++)
        {
            EmotionScores single = Estimator.Estimate(texts[i]);
            Assert.Equal(single.Scores, batch[i].Scores);
            Assert.Equal(single.Labels, batch[i].Labels);
        }
    }

    [Fact]
    public async Task Estimates_are_thread_safe()
    {
        string[] texts = Enumerable.Range(0, 200).Select(i => $"Message {i}: thanks, but I am a bit worried about it {new string('!', i % 4)}").ToArray();
        EmotionScores[] expected = texts.Select(Estimator.Estimate).ToArray();

        EmotionScores[][] results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => texts.Select(Estimator.Estimate).ToArray())));

        foreach (EmotionScores[] run in results)
        {
            for (int i = 0; i < texts.Length; i++)
            {
                Assert.Equal(expected[i].Scores, run[i].Scores);
            }
        }
    }

    [Fact]
    public async Task EstimateAsync_honours_cancellation_and_rejects_null_texts()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Estimator.EstimateAsync(["hi"], cancellation.Token));
        await Assert.ThrowsAsync<ArgumentException>(() => Estimator.EstimateAsync([null!]));
        Assert.Empty(await Estimator.EstimateAsync([]));
    }

    [Fact]
    public void Load_from_stream_accepts_a_model_with_goemotions_labels_only()
    {
        using var stream = new MemoryStream();
        BuiltInEstimator.Load().Model.WithThresholds(Enumerable.Repeat(0.99f, 28).ToArray()).Write(stream);
        stream.Position = 0;
        BuiltInEstimator strict = BuiltInEstimator.Load(stream);
        Assert.NotSame(BuiltInEstimator.Load(), strict);
        Assert.Equal(Estimator.Estimate("Thank you!").Scores, strict.Estimate("Thank you!").Scores);

        using var tiny = new MemoryStream();
        EstimatorModelTests.TinyModel().Write(tiny);
        tiny.Position = 0;
        Assert.Throws<ArgumentException>(() => BuiltInEstimator.Load(tiny));
    }

    [Fact]
    public void Scores_convert_to_Ekman()
    {
        EmotionScores ekman = TaxonomyMapping.Convert(Estimator.Estimate("Thank you so much!"), Taxonomy.Ekman);
        Assert.Equal("joy", ekman.Top(1)[0].Label);
        Assert.Contains("joy", ekman.Labels);
    }
}
