using Attune.Emotions;

namespace Attune.Tests.Emotions;

public sealed class HashedFeaturizerTests
{
    private static readonly HashedFeaturizer Featurizer = new(new HashedFeaturizerOptions());

    [Fact]
    public void Tokenize_lowercases_words_and_keeps_inner_apostrophes()
    {
        Assert.Equal(["i", "don't", "know", "em"], HashedFeaturizer.Tokenize("I don’t know 'em"));
        Assert.Equal(["quoted"], HashedFeaturizer.Tokenize("'quoted'"));
    }

    [Fact]
    public void Tokenize_knows_reddit_conventions_and_emoji()
    {
        Assert.Equal(["[name]", "is", "great", "/s"], HashedFeaturizer.Tokenize("[NAME] is great /s"));
        Assert.Equal(["lol", "😂", "😂"], HashedFeaturizer.Tokenize("lol 😂😂"));
        Assert.Equal(["ok", "👍"], HashedFeaturizer.Tokenize("ok 👍🏽"));
        Assert.Equal(["love", "it", "<3", "♥"], HashedFeaturizer.Tokenize("love it <3 ♥"));
        Assert.Equal(["nice", ":)", "sad", ":("], HashedFeaturizer.Tokenize("nice :-) sad :("));
        Assert.Equal(["see", "https", "example", "com"], HashedFeaturizer.Tokenize("see https://example.com"));
    }

    [Fact]
    public void Tokenize_marks_shouting_stretching_and_punctuation_runs()
    {
        Assert.Equal(["why", "<caps>", "?!", "<!!!>"], HashedFeaturizer.Tokenize("WHY?!?"));
        Assert.Equal(["soo", "<stretch>", "good", "!"], HashedFeaturizer.Tokenize("sooooo good!"));
        Assert.Equal(["well", "...", "ok"], HashedFeaturizer.Tokenize("well... ok"));
        Assert.Equal(["a", "i"], HashedFeaturizer.Tokenize("A. I"));
    }

    [Fact]
    public void Featurize_is_deterministic_and_within_bucket_range()
    {
        SparseFeatures a = Featurizer.Featurize("Thank you so much!! 😊");
        SparseFeatures b = Featurizer.Featurize("Thank you so much!! 😊");

        Assert.True(a.Count > 10);
        Assert.Equal(a.Buckets.ToArray(), b.Buckets.ToArray());
        Assert.Equal(a.Values.ToArray(), b.Values.ToArray());
        Assert.All(a.Buckets.ToArray(), bucket => Assert.InRange(bucket, 0, Featurizer.BucketCount - 1));
        Assert.All(a.Values.ToArray(), value => Assert.True(value > 0f));
    }

    [Fact]
    public void Featurize_of_empty_or_blank_text_is_empty()
    {
        Assert.Equal(0, Featurizer.Featurize("").Count);
        Assert.Equal(0, Featurizer.Featurize("  \t\n ").Count);
    }

    [Fact]
    public void Featurize_reads_at_most_MaxCharacters()
    {
        string head = string.Concat(Enumerable.Repeat("word ", HashedFeaturizer.MaxCharacters / 5));
        SparseFeatures a = Featurizer.Featurize(head);
        SparseFeatures b = Featurizer.Featurize(head + "different tail that is never read");
        Assert.Equal(a.Buckets.ToArray(), b.Buckets.ToArray());
    }

    [Fact]
    public void Reusing_a_vector_clears_it()
    {
        var features = new SparseFeatures();
        Featurizer.Featurize("a long sentence with many words in it".AsSpan(), features);
        Featurizer.Featurize("hi".AsSpan(), features);
        Assert.Equal(Featurizer.Featurize("hi").Buckets.ToArray(), features.Buckets.ToArray());
    }

    [Fact]
    public void Different_hash_seeds_give_different_buckets()
    {
        var other = new HashedFeaturizer(new HashedFeaturizerOptions { HashSeed = 7 });
        Assert.NotEqual(Featurizer.Featurize("hello there").Buckets.ToArray(), other.Featurize("hello there").Buckets.ToArray());
    }

    [Fact]
    public void Options_are_validated_and_round_trip()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashedFeaturizer(new HashedFeaturizerOptions { BucketBits = 30 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashedFeaturizer(new HashedFeaturizerOptions { CharMinN = 4, CharMaxN = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashedFeaturizer(new HashedFeaturizerOptions { CharWeight = -1 }));

        var options = new HashedFeaturizerOptions { BucketBits = 12, HashSeed = 3, TrigramWeight = 0.5f, CharMinN = 3 };
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            options.Write(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        Assert.Equal(options, HashedFeaturizerOptions.Read(reader));
    }
}
