using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Attune.Emotions;

/// <summary>
/// A linear head: the logit of label k is <c>bias[k] + Σ value × weights[bucket, k]</c> over the features
/// (one-vs-rest logistic regression over hashed features).
/// </summary>
public sealed class LinearHead : ModelHead
{
    internal const byte Tag = 1;

    // Float rows of _stride values (a head built from floats, or read from half-precision weights), or, for weights read
    // as Int8PerRow, the rows as stored: LabelCount signed bytes, the row's float scale, zeros to _rowBytes, from
    // _rowsOffset on (32-byte aligned in an array that never moves). A weight is then (float)(sbyte)q * scale, the very
    // float the dequantized table would hold, at a quarter of the memory the estimator reads for every feature.
    private readonly float[]? _weights;
    private readonly byte[]? _rows;
    private readonly int _rowsOffset;
    private readonly int _rowBytes;
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

    private LinearHead(int bucketCount, int labelCount, float[]? paddedWeights, byte[]? rows, int rowsOffset, float[] bias, float weight, WeightEncoding encoding)
        : base(labelCount, weight)
    {
        BucketCount = bucketCount;
        Encoding = encoding;
        _stride = Stride(labelCount);
        _weights = paddedWeights;
        _rows = rows;
        _rowsOffset = rowsOffset;
        _rowBytes = RowBytes(labelCount);
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
    public ReadOnlySpan<float> Row(int bucket)
    {
        if (_weights is not null)
        {
            return _weights.AsSpan(bucket * _stride, LabelCount);
        }

        var row = new float[LabelCount];
        Dequantize(bucket, row);
        return row;
    }

    // the bucket's weights from its stored int8 row, as MatrixIO's dequantization computes them
    private void Dequantize(int bucket, Span<float> row)
    {
        var stored = _rows.AsSpan(_rowsOffset + (bucket * _rowBytes), _rowBytes);
        float scale = BitConverter.ToSingle(stored[LabelCount..]);
        for (int c = 0; c < LabelCount; c++)
        {
            row[c] = (sbyte)stored[c] * scale;
        }
    }

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

        if (_weights is not null)
        {
            MatrixIO.Write(writer, _weights, BucketCount, LabelCount, _stride, Encoding);
            return;
        }

        // the stored rows as they were read: scale, then the bytes
        writer.Write((byte)Encoding);
        writer.Write(BucketCount);
        writer.Write(LabelCount);
        for (int r = 0; r < BucketCount; r++)
        {
            var stored = _rows.AsSpan(_rowsOffset + (r * _rowBytes), _rowBytes);
            writer.Write(stored.Slice(LabelCount, 4));
            writer.Write(stored[..LabelCount]);
        }
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

        var encoding = MatrixIO.ReadHeader(reader, bucketCount, labelCount);
        if (encoding == WeightEncoding.Int8PerRow && BitConverter.IsLittleEndian)
        {
            int rowBytes = RowBytes(labelCount);
            var rows = GC.AllocateArray<byte>(checked((bucketCount * rowBytes) + 64), pinned: true);
            int offset = Aligned(rows);
            MatrixIO.ReadInt8Rows(reader, bucketCount, labelCount, rows.AsSpan(offset, bucketCount * rowBytes), rowBytes);
            return new LinearHead(bucketCount, labelCount, null, rows, offset, bias, weight, encoding);
        }

        float[] weights = MatrixIO.ReadFloats(reader, encoding, bucketCount, labelCount, Stride(labelCount));
        return new LinearHead(bucketCount, labelCount, weights, null, 0, bias, weight, encoding);
    }

    private static int Stride(int labelCount) => (labelCount + 15) / 16 * 16;

    // an int8 row: the bytes, the 4-byte scale, padded to a multiple of 8 (28 labels: 32 bytes, half a cache line)
    private static int RowBytes(int labelCount) => (labelCount + 4 + 7) / 8 * 8;

    // the first index of a pinned array at a 32-byte aligned address
    private static unsafe int Aligned(byte[] pinned)
    {
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        return (int)((32 - (address & 31)) & 31);
    }

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

        if (_rows is not null)
        {
            AccumulateStored(buckets, values, sum);
            return;
        }

        ref float w = ref MemoryMarshal.GetArrayDataReference(_weights!);
        int stride = _stride;
        if (Vector256.IsHardwareAccelerated && stride == 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int i = 0; i < buckets.Length; i++)
            {
                var v = Vector256.Create(values[i]);
                ref float row = ref Unsafe.Add(ref w, (nint)buckets[i] * 32);
                a0 += v * Vector256.LoadUnsafe(ref row);
                a1 += v * Vector256.LoadUnsafe(ref row, 8);
                a2 += v * Vector256.LoadUnsafe(ref row, 16);
                a3 += v * Vector256.LoadUnsafe(ref row, 24);
            }

            Store(a0, a1, a2, a3, sum);
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

    // the four accumulators of a 32-wide row of sums
    private static void Store(Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3, Span<float> sum)
    {
        a0.CopyTo(sum);
        a1.CopyTo(sum[8..]);
        a2.CopyTo(sum[16..]);
        a3.CopyTo(sum[24..]);
    }

    // Accumulate over int8 rows: each weight is formed exactly as the float table would hold it ((float)q * scale, one
    // rounding), then multiplied and added in the same order, so the sums are the float path's bit for bit.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void AccumulateStored(ReadOnlySpan<int> buckets, ReadOnlySpan<float> values, Span<float> sum)
    {
        int labels = LabelCount;
        if (Avx2.IsSupported && _rowBytes == 32 && labels == 28)
        {
            byte* rows = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_rows!)) + _rowsOffset; // pinned
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int i = 0; i < buckets.Length; i++)
            {
                var v = Vector256.Create(values[i]);
                byte* row = rows + ((nint)buckets[i] * 32);
                var scale = Vector256.Create(*(float*)(row + 28));
                a0 += v * (Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32((sbyte*)row)) * scale);
                a1 += v * (Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32((sbyte*)row + 8)) * scale);
                a2 += v * (Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32((sbyte*)row + 16)) * scale);
                a3 += v * (Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32((sbyte*)row + 24)) * scale);
            }

            Store(a0, a1, a2, a3, sum);
            return;
        }

        sum.Clear();
        Span<float> weights = stackalloc float[labels];
        for (int i = 0; i < buckets.Length; i++)
        {
            Dequantize(buckets[i], weights);
            float value = values[i];
            for (int k = 0; k < labels; k++)
            {
                sum[k] += value * weights[k];
            }
        }
    }
}
