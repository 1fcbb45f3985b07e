using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Attune.Emotions;

/// <summary>
/// A small neural head: the features' embeddings are summed (weighted by the feature values) into a hidden vector,
/// passed through a ReLU, then a dense layer gives one logit per label
/// (<c>logits = W2ᵀ · relu(b1 + Σ value × E[bucket mod rows]) + b2</c>). The embedding table may have fewer rows than
/// the featurizer has buckets (a power of two); buckets are then folded onto rows by their low bits.
/// </summary>
public sealed class EmbeddingBagHead : ModelHead
{
    internal const byte Tag = 2;

    private readonly float[] _embeddings;
    private readonly float[] _hiddenBias;
    private readonly float[] _output;
    private readonly float[] _outputBias;

    /// <summary>Creates the head.</summary>
    /// <param name="bucketCount">The number of feature buckets.</param>
    /// <param name="rowCount">The number of rows of the embedding table: a power of two, at most <paramref name="bucketCount"/>.</param>
    /// <param name="hiddenSize">The hidden size, a multiple of 8.</param>
    /// <param name="labelCount">The number of labels.</param>
    /// <param name="embeddings">Row-major embedding table, <paramref name="rowCount"/> × <paramref name="hiddenSize"/>.</param>
    /// <param name="hiddenBias">The hidden bias, <paramref name="hiddenSize"/> long.</param>
    /// <param name="output">Row-major output weights, <paramref name="hiddenSize"/> × <paramref name="labelCount"/>.</param>
    /// <param name="outputBias">The output bias, <paramref name="labelCount"/> long.</param>
    /// <param name="weight">The factor the head's logits are multiplied by in a model.</param>
    /// <param name="encoding">How the embedding table is stored when the model is written (the small dense layer is always stored as float32).</param>
    /// <exception cref="ArgumentException">A length does not match or the hidden size is not a multiple of 8.</exception>
    public EmbeddingBagHead(
        int bucketCount,
        int rowCount,
        int hiddenSize,
        int labelCount,
        ReadOnlySpan<float> embeddings,
        ReadOnlySpan<float> hiddenBias,
        ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputBias,
        float weight = 1f,
        WeightEncoding encoding = WeightEncoding.Int8PerRow)
        : base(labelCount, weight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        if (rowCount <= 0 || rowCount > bucketCount || !BitOperations.IsPow2(rowCount))
        {
            throw new ArgumentException("The row count must be a power of two no larger than the bucket count.", nameof(rowCount));
        }
        if (hiddenSize % 8 != 0)
        {
            throw new ArgumentException("The hidden size must be a multiple of 8.", nameof(hiddenSize));
        }

        if (embeddings.Length != (long)rowCount * hiddenSize || hiddenBias.Length != hiddenSize
            || output.Length != hiddenSize * labelCount || outputBias.Length != labelCount)
        {
            throw new ArgumentException("A parameter length does not match the sizes.", nameof(embeddings));
        }

        BucketCount = bucketCount;
        RowCount = rowCount;
        HiddenSize = hiddenSize;
        Encoding = encoding;
        _embeddings = embeddings.ToArray();
        _hiddenBias = hiddenBias.ToArray();
        _output = output.ToArray();
        _outputBias = outputBias.ToArray();
    }

    private EmbeddingBagHead(int bucketCount, int rowCount, int hiddenSize, int labelCount, float[] embeddings, float[] hiddenBias, float[] output, float[] outputBias, float weight, WeightEncoding encoding)
        : base(labelCount, weight)
    {
        BucketCount = bucketCount;
        RowCount = rowCount;
        HiddenSize = hiddenSize;
        Encoding = encoding;
        _embeddings = embeddings;
        _hiddenBias = hiddenBias;
        _output = output;
        _outputBias = outputBias;
    }

    /// <inheritdoc />
    public override int BucketCount { get; }

    /// <summary>The number of rows of the embedding table; feature buckets are folded onto rows by <c>bucket &amp; (RowCount - 1)</c>.</summary>
    public int RowCount { get; }

    /// <summary>The hidden size.</summary>
    public int HiddenSize { get; }

    /// <summary>How the embedding table is stored when the model is written.</summary>
    public WeightEncoding Encoding { get; }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void AddLogits(SparseFeatures features, Span<float> logits)
    {
        ArgumentNullException.ThrowIfNull(features);
        ReadOnlySpan<int> buckets = features.Buckets;
        ReadOnlySpan<float> values = features.Values;
        uint bucketCount = (uint)BucketCount;
        foreach (int bucket in buckets)
        {
            if ((uint)bucket >= bucketCount)
            {
                throw new ArgumentOutOfRangeException(nameof(features), bucket, $"Feature bucket out of range for a head of {BucketCount} buckets.");
            }
        }

        int hidden = HiddenSize;
        Span<float> h = stackalloc float[hidden];
        _hiddenBias.CopyTo(h);
        ref float e = ref MemoryMarshal.GetArrayDataReference(_embeddings);
        int mask = RowCount - 1;
        int width = Vector<float>.Count;
        for (int i = 0; i < buckets.Length; i++)
        {
            var v = new Vector<float>(values[i]);
            ref float row = ref Unsafe.Add(ref e, (nint)(buckets[i] & mask) * hidden);
            int c = 0;
            for (; c + width <= hidden; c += width)
            {
                ref float target = ref h[c];
                Unsafe.As<float, Vector<float>>(ref target) += v * Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref row, c));
            }

            for (; c < hidden; c++)
            {
                h[c] += values[i] * Unsafe.Add(ref row, c);
            }
        }

        int labels = LabelCount;
        Span<float> z = stackalloc float[labels];
        _outputBias.CopyTo(z);
        for (int c = 0; c < hidden; c++)
        {
            float a = h[c];
            if (a <= 0f)
            {
                continue;
            }

            ReadOnlySpan<float> w = _output.AsSpan(c * labels, labels);
            for (int k = 0; k < labels; k++)
            {
                z[k] += a * w[k];
            }
        }

        for (int k = 0; k < labels; k++)
        {
            logits[k] += Weight * z[k];
        }
    }

    internal override void Write(BinaryWriter writer)
    {
        writer.Write(Tag);
        writer.Write(Weight);
        writer.Write(BucketCount);
        writer.Write(RowCount);
        writer.Write(HiddenSize);
        WriteFloats(writer, _hiddenBias);
        WriteFloats(writer, _output);
        WriteFloats(writer, _outputBias);
        MatrixIO.Write(writer, _embeddings, RowCount, HiddenSize, HiddenSize, Encoding);
    }

    internal static EmbeddingBagHead ReadBody(BinaryReader reader, int labelCount, int bucketCount)
    {
        float weight = reader.ReadSingle();
        int buckets = reader.ReadInt32();
        int rows = reader.ReadInt32();
        int hidden = reader.ReadInt32();
        if (buckets != bucketCount || rows <= 0 || rows > buckets || !BitOperations.IsPow2(rows) || hidden <= 0 || hidden % 8 != 0 || hidden > 4096)
        {
            throw new InvalidDataException($"Embedding head has {buckets} buckets and hidden size {hidden}; the featurizer has {bucketCount} buckets.");
        }

        float[] hiddenBias = ReadFloats(reader, hidden);
        float[] output = ReadFloats(reader, hidden * labelCount);
        float[] outputBias = ReadFloats(reader, labelCount);
        float[] embeddings = MatrixIO.Read(reader, rows, hidden, hidden, out WeightEncoding encoding);
        return new EmbeddingBagHead(bucketCount, rows, hidden, labelCount, embeddings, hiddenBias, output, outputBias, weight, encoding);
    }

    private static void WriteFloats(BinaryWriter writer, float[] values)
    {
        foreach (float value in values)
        {
            writer.Write(value);
        }
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = reader.ReadSingle();
        }

        return values;
    }
}
