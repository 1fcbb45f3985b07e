using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Attune.Emotions;

/// <summary>
/// A linear head: the logit of label k is <c>bias[k] + Σ value × weights[bucket, k]</c> over the features
/// (one-vs-rest logistic regression over hashed features).
/// </summary>
public sealed class LinearHead : ModelHead
{
    internal const byte Tag = 1;

    private readonly float[] _weights;
    private readonly float[] _bias;
    private readonly int _stride;

    /// <summary>Creates a linear head.</summary>
    /// <param name="bucketCount">The number of feature buckets (rows).</param>
    /// <param name="labelCount">The number of labels (columns).</param>
    /// <param name="weights">Row-major weights, <paramref name="bucketCount"/> × <paramref name="labelCount"/>.</param>
    /// <param name="bias">One bias per label.</param>
    /// <param name="weight">The factor the head's logits are multiplied by in a model.</param>
    /// <param name="encoding">How the weights are stored when the model is written.</param>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    public LinearHead(int bucketCount, int labelCount, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, float weight = 1f, WeightEncoding encoding = WeightEncoding.Half)
        : base(labelCount, weight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketCount);
        if (weights.Length != (long)bucketCount * labelCount || bias.Length != labelCount)
        {
            throw new ArgumentException($"Expected {bucketCount}×{labelCount} weights and {labelCount} biases.", nameof(weights));
        }

        BucketCount = bucketCount;
        Encoding = encoding;
        _stride = Stride(labelCount);
        _weights = new float[(long)bucketCount * _stride];
        for (int r = 0; r < bucketCount; r++)
        {
            weights.Slice(r * labelCount, labelCount).CopyTo(_weights.AsSpan(r * _stride));
        }

        _bias = bias.ToArray();
    }

    private LinearHead(int bucketCount, int labelCount, float[] paddedWeights, float[] bias, float weight, WeightEncoding encoding)
        : base(labelCount, weight)
    {
        BucketCount = bucketCount;
        Encoding = encoding;
        _stride = Stride(labelCount);
        _weights = paddedWeights;
        _bias = bias;
    }

    /// <inheritdoc />
    public override int BucketCount { get; }

    /// <summary>How the weights are stored when the model is written.</summary>
    public WeightEncoding Encoding { get; }

    /// <summary>The biases, one per label.</summary>
    public ReadOnlySpan<float> Bias => _bias;

    /// <summary>The weights of one bucket, one per label.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <returns>The row of weights.</returns>
    public ReadOnlySpan<float> Row(int bucket) => _weights.AsSpan(bucket * _stride, LabelCount);

    /// <inheritdoc />
    public override void AddLogits(SparseFeatures features, Span<float> logits)
    {
        ArgumentNullException.ThrowIfNull(features);
        Span<float> sum = stackalloc float[_stride];
        Accumulate(features.Buckets, features.Values, sum);
        for (int k = 0; k < LabelCount; k++)
        {
            logits[k] += Weight * (sum[k] + _bias[k]);
        }
    }

    internal override void Write(BinaryWriter writer)
    {
        writer.Write(Tag);
        writer.Write(Weight);
        writer.Write(BucketCount);
        foreach (float b in _bias)
        {
            writer.Write(b);
        }

        MatrixIO.Write(writer, _weights, BucketCount, LabelCount, _stride, Encoding);
    }

    internal static LinearHead ReadBody(BinaryReader reader, int labelCount, int bucketCount)
    {
        float weight = reader.ReadSingle();
        int buckets = reader.ReadInt32();
        if (buckets != bucketCount)
        {
            throw new InvalidDataException($"Linear head has {buckets} buckets; the featurizer has {bucketCount}.");
        }

        var bias = new float[labelCount];
        for (int k = 0; k < labelCount; k++)
        {
            bias[k] = reader.ReadSingle();
        }

        float[] weights = MatrixIO.Read(reader, bucketCount, labelCount, Stride(labelCount), out WeightEncoding encoding);
        return new LinearHead(bucketCount, labelCount, weights, bias, weight, encoding);
    }

    private static int Stride(int labelCount) => (labelCount + 15) / 16 * 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accumulate(ReadOnlySpan<int> buckets, ReadOnlySpan<float> values, Span<float> sum)
    {
        uint bucketCount = (uint)BucketCount;
        foreach (int bucket in buckets)
        {
            if ((uint)bucket >= bucketCount)
            {
                throw new ArgumentOutOfRangeException(nameof(buckets), bucket, $"Feature bucket out of range for a head of {BucketCount} buckets.");
            }
        }

        ref float w = ref MemoryMarshal.GetArrayDataReference(_weights);
        int stride = _stride;
        if (Vector<float>.Count == 8 && stride == 32)
        {
            Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int i = 0; i < buckets.Length; i++)
            {
                var v = new Vector<float>(values[i]);
                ref float row = ref Unsafe.Add(ref w, (nint)buckets[i] * 32);
                a0 += v * Unsafe.As<float, Vector<float>>(ref row);
                a1 += v * Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref row, 8));
                a2 += v * Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref row, 16));
                a3 += v * Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref row, 24));
            }

            a0.CopyTo(sum);
            a1.CopyTo(sum[8..]);
            a2.CopyTo(sum[16..]);
            a3.CopyTo(sum[24..]);
            return;
        }

        sum.Clear();
        int width = Vector<float>.Count;
        for (int i = 0; i < buckets.Length; i++)
        {
            float value = values[i];
            ReadOnlySpan<float> row = _weights.AsSpan(buckets[i] * stride, stride);
            int k = 0;
            if (Vector.IsHardwareAccelerated && stride % width == 0)
            {
                var v = new Vector<float>(value);
                for (; k < stride; k += width)
                {
                    (new Vector<float>(sum[k..]) + (v * new Vector<float>(row[k..]))).CopyTo(sum[k..]);
                }
            }

            for (; k < stride; k++)
            {
                sum[k] += value * row[k];
            }
        }
    }
}
