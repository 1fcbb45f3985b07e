namespace Attune.Emotions;

/// <summary>
/// Settings of a <see cref="HashedFeaturizer"/>. They are stored in the model file, so a model is always read back with
/// the featurizer it was trained with.
/// </summary>
public sealed record HashedFeaturizerOptions
{
    /// <summary>Log2 of the number of hash buckets (10 to 24). Default 18 (262,144 buckets).</summary>
    public int BucketBits { get; init; } = 18;

    /// <summary>Seed mixed into every hash, so that differently seeded featurizers collide differently. Default 0.</summary>
    public uint HashSeed { get; init; }

    /// <summary>Weight of the token (word, emoji, punctuation, marker) unigram group; 0 turns it off. Default 1.</summary>
    public float UnigramWeight { get; init; } = 1f;

    /// <summary>Weight of the token bigram group (including start and end of text); 0 turns it off. Default 1.</summary>
    public float BigramWeight { get; init; } = 1f;

    /// <summary>Weight of the token trigram group; 0 turns it off. Default 0.</summary>
    public float TrigramWeight { get; init; }

    /// <summary>Weight of the character n-gram group (n-grams of each word padded as <c>&lt;word&gt;</c>); 0 turns it off. Default 1.</summary>
    public float CharWeight { get; init; } = 1f;

    /// <summary>Smallest character n-gram length (1 to 8). Default 2.</summary>
    public int CharMinN { get; init; } = 2;

    /// <summary>Largest character n-gram length (<see cref="CharMinN"/> to 8). Default 5.</summary>
    public int CharMaxN { get; init; } = 5;

    /// <summary>The number of hash buckets, <c>2^BucketBits</c>.</summary>
    public int BucketCount => 1 << BucketBits;

    /// <summary>Checks that every setting is within range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BucketBits, 10);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BucketBits, 24);
        ArgumentOutOfRangeException.ThrowIfLessThan(CharMinN, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(CharMaxN, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(CharMaxN, CharMinN);
        foreach (float weight in new[] { UnigramWeight, BigramWeight, TrigramWeight, CharWeight })
        {
            if (!(weight >= 0f && float.IsFinite(weight)))
            {
                throw new ArgumentOutOfRangeException(nameof(UnigramWeight), weight, "Group weights must be finite and non-negative.");
            }
        }
    }

    /// <summary>Writes the settings in the model file format.</summary>
    /// <param name="writer">The writer.</param>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(BucketBits);
        writer.Write(HashSeed);
        writer.Write(UnigramWeight);
        writer.Write(BigramWeight);
        writer.Write(TrigramWeight);
        writer.Write(CharWeight);
        writer.Write(CharMinN);
        writer.Write(CharMaxN);
    }

    /// <summary>Reads settings written by <see cref="Write(BinaryWriter)"/>.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The settings, validated.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A stored setting is out of range.</exception>
    public static HashedFeaturizerOptions Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = new HashedFeaturizerOptions
        {
            BucketBits = reader.ReadInt32(),
            HashSeed = reader.ReadUInt32(),
            UnigramWeight = reader.ReadSingle(),
            BigramWeight = reader.ReadSingle(),
            TrigramWeight = reader.ReadSingle(),
            CharWeight = reader.ReadSingle(),
            CharMinN = reader.ReadInt32(),
            CharMaxN = reader.ReadInt32(),
        };
        options.Validate();
        return options;
    }
}
