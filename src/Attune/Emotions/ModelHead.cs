namespace Attune.Emotions;

/// <summary>
/// One scoring component of an <see cref="EstimatorModel"/>: maps sparse features to one logit per label. A model adds
/// up the logits of its heads, each multiplied by the head's <see cref="Weight"/>.
/// </summary>
public abstract class ModelHead
{
    private protected ModelHead(int labelCount, float weight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(labelCount);
        if (!float.IsFinite(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "The head weight must be finite.");
        }

        LabelCount = labelCount;
        Weight = weight;
    }

    /// <summary>The number of labels (logits) the head produces.</summary>
    public int LabelCount { get; }

    /// <summary>The factor the head's logits are multiplied by before they are added to the model's.</summary>
    public float Weight { get; }

    /// <summary>The number of feature buckets the head expects.</summary>
    public abstract int BucketCount { get; }

    /// <summary>Adds <see cref="Weight"/> times the head's logits to <paramref name="logits"/>.</summary>
    /// <param name="features">The features; every bucket must be below <see cref="BucketCount"/>.</param>
    /// <param name="logits">The logits to add to; at least <see cref="LabelCount"/> long.</param>
    public abstract void AddLogits(SparseFeatures features, Span<float> logits);

    /// <summary>Writes the head's type tag and parameters.</summary>
    internal abstract void Write(BinaryWriter writer);

    /// <summary>Reads a head written by <see cref="Write(BinaryWriter)"/>.</summary>
    internal static ModelHead Read(BinaryReader reader, int labelCount, int bucketCount)
    {
        byte tag = reader.ReadByte();
        return tag switch
        {
            LinearHead.Tag => LinearHead.ReadBody(reader, labelCount, bucketCount),
            EmbeddingBagHead.Tag => EmbeddingBagHead.ReadBody(reader, labelCount, bucketCount),
            _ => throw new InvalidDataException($"Unknown model head type {tag}."),
        };
    }
}
