using System.Collections.ObjectModel;
using System.Text;

namespace Attune.Emotions;

/// <summary>
/// The accurate tier's trained head over sentence-encoder embeddings: a linear layer, or one hidden ReLU layer and a
/// linear layer, giving one logit per label; or the mean of several such members (an ensemble trained with other seeds). Its input is the embedding, optionally followed by the fast tier's
/// calibrated logits (the n-gram model's probabilities as logits) times a scale; its output logits may also get the fast
/// tier's logits added, weighted. Then per-label calibration <c>p = sigmoid(scale × logit + offset)</c> and a decision
/// threshold per label. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// File format (little-endian): ASCII magic <c>ATEH</c>, int32 format version, the encoder name, the embedding size,
/// the label count and labels (length-prefixed UTF-8), per label a float32 threshold, scale and offset, the float32
/// weight of the fast tier's logits, a description, the number of fast-tier inputs (0 or the label count) and their
/// float32 scale, the hidden size (0 for a linear head), the member count, then the float32 parameters of the members
/// one after the other (hidden weights [inputs × hidden] and bias, output weights [hidden or inputs × labels] and bias).
/// </remarks>
internal sealed class EncoderHeadModel
{
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "ATEH"u8.ToArray();

    private readonly float[] _hiddenWeights;
    private readonly float[] _hiddenBias;
    private readonly float[] _outputWeights;
    private readonly float[] _outputBias;
    private readonly float[] _thresholds;
    private readonly float[] _scales;
    private readonly float[] _offsets;
    private readonly bool[] _zeroRows;

    public EncoderHeadModel(
        string encoder,
        int dimensions,
        IReadOnlyList<string> labels,
        int fastInputs,
        float fastInputScale,
        int hidden,
        int members,
        float[] hiddenWeights,
        float[] hiddenBias,
        float[] outputWeights,
        float[] outputBias,
        float fastWeight,
        float[] thresholds,
        float[] scales,
        float[] offsets,
        string description)
    {
        int count = labels.Count;
        int width = dimensions + fastInputs;
        int inputs = hidden > 0 ? hidden : width;
        if (dimensions <= 0 || count == 0 || hidden < 0 || members <= 0 || (fastInputs != 0 && fastInputs != count) || !float.IsFinite(fastInputScale)
            || hiddenWeights.Length != members * (hidden > 0 ? width * hidden : 0) || hiddenBias.Length != members * hidden
            || outputWeights.Length != members * inputs * count || outputBias.Length != members * count
            || thresholds.Length != count || scales.Length != count || offsets.Length != count)
        {
            throw new ArgumentException("A parameter length does not match the sizes of the head.");
        }

        if (!float.IsFinite(fastWeight) || thresholds.Any(t => !(t >= 0f && t <= 1f)) || scales.Any(s => !(s > 0f && float.IsFinite(s)))
            || offsets.Any(o => !float.IsFinite(o)))
        {
            throw new ArgumentException("Thresholds must lie in [0, 1], scales be positive and every value finite.");
        }

        Encoder = encoder;
        Dimensions = dimensions;
        Labels = new ReadOnlyCollection<string>(labels.ToArray());
        FastInputs = fastInputs;
        FastInputScale = fastInputScale;
        Hidden = hidden;
        Members = members;
        _hiddenWeights = hiddenWeights;
        _hiddenBias = hiddenBias;
        _outputWeights = outputWeights;
        _outputBias = outputBias;
        FastWeight = fastWeight;
        _thresholds = thresholds;
        _scales = scales;
        _offsets = offsets;
        Thresholds = new ReadOnlyCollection<float>(thresholds);
        Description = description;
        _zeroRows = new bool[hidden > 0 ? members * width : 0];
        for (int r = 0; r < _zeroRows.Length; r++)
        {
            _zeroRows[r] = !hiddenWeights.AsSpan(r * hidden, hidden).ContainsAnyExcept(0f);
        }
    }

    /// <summary>The name of the encoder whose embeddings the head reads.</summary>
    public string Encoder { get; }

    /// <summary>The embedding size.</summary>
    public int Dimensions { get; }

    /// <summary>The label names, in logit order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The number of fast-tier logits appended to the embedding as inputs: 0 or the label count.</summary>
    public int FastInputs { get; }

    /// <summary>The factor the fast-tier logits are multiplied by as inputs.</summary>
    public float FastInputScale { get; }

    /// <summary>Whether the head needs the fast tier's logits at all.</summary>
    public bool UsesFastTier => FastInputs > 0 || FastWeight != 0f;

    /// <summary>The hidden size; 0 for a linear head.</summary>
    public int Hidden { get; }

    /// <summary>The number of members whose logits are averaged.</summary>
    public int Members { get; }

    /// <summary>The factor of the fast tier's logits added to the head's; 0 when the head stands alone.</summary>
    public float FastWeight { get; }

    /// <summary>The decision threshold of each label.</summary>
    public IReadOnlyList<float> Thresholds { get; }

    /// <summary>Free text stored with the model.</summary>
    public string Description { get; }

    /// <summary>A copy with other calibration and thresholds (the trainer fits them after the weights).</summary>
    public EncoderHeadModel With(float fastWeight, float[] scales, float[] offsets, float[] thresholds) =>
        new(Encoder, Dimensions, Labels, FastInputs, FastInputScale, Hidden, Members, _hiddenWeights, _hiddenBias, _outputWeights, _outputBias, fastWeight, thresholds, scales, offsets, Description);

    /// <summary>The head's own logits (before the fast tier's are added and before calibration).</summary>
    /// <param name="embedding">The text's embedding, <see cref="Dimensions"/> long.</param>
    /// <param name="fastLogits">The fast tier's calibrated logits (read only when <see cref="FastInputs"/> is not 0).</param>
    /// <param name="logits">Receives one logit per label.</param>
    public void HeadLogits(ReadOnlySpan<float> embedding, ReadOnlySpan<float> fastLogits, Span<float> logits)
    {
        var output = new float[Labels.Count];
        HeadLogits([embedding.ToArray()], [fastLogits.ToArray()], [output]);
        output.CopyTo(logits);
    }

    /// <summary>
    /// The head's own logits for a block of texts, each as <see cref="HeadLogits(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    /// gives them. A block reads each weight row once for all its texts (the weights, megabytes, stay in cache), and
    /// skips rows that are all zero (the inputs a widened member does not read).
    /// </summary>
    /// <param name="embeddings">The texts' embeddings, <see cref="Dimensions"/> long each.</param>
    /// <param name="fastLogits">The fast tier's calibrated logits per text (read only when <see cref="FastInputs"/> is not 0).</param>
    /// <param name="logits">Receives one logit per label, per text.</param>
    public void HeadLogits(IReadOnlyList<float[]> embeddings, IReadOnlyList<float[]> fastLogits, IReadOnlyList<float[]> logits)
    {
        int texts = embeddings.Count;
        int count = Labels.Count;
        int width = Dimensions + FastInputs;
        var x = new float[texts][];
        for (int t = 0; t < texts; t++)
        {
            if (embeddings[t].Length != Dimensions)
            {
                throw new ArgumentException($"Expected an embedding of {Dimensions} values.", nameof(embeddings));
            }

            x[t] = new float[width];
            embeddings[t].CopyTo(x[t], 0);
            for (int k = 0; k < FastInputs; k++)
            {
                x[t][Dimensions + k] = FastInputScale * fastLogits[t][k];
            }

            Array.Clear(logits[t], 0, count);
        }

        int inputs = Hidden > 0 ? Hidden : width;
        var hidden = new float[texts][];
        var member = new float[count];
        for (int t = 0; t < texts; t++)
        {
            hidden[t] = new float[Hidden];
        }

        for (int m = 0; m < Members; m++)
        {
            if (Hidden > 0)
            {
                ReadOnlySpan<float> w1 = _hiddenWeights.AsSpan(m * width * Hidden, width * Hidden);
                for (int t = 0; t < texts; t++)
                {
                    _hiddenBias.AsSpan(m * Hidden, Hidden).CopyTo(hidden[t]);
                }

                for (int d = 0; d < width; d++)
                {
                    if (_zeroRows[(m * width) + d])
                    {
                        continue;
                    }

                    ReadOnlySpan<float> row = w1.Slice(d * Hidden, Hidden);
                    for (int t = 0; t < texts; t++)
                    {
                        FloatSpans.AddScaled(hidden[t], row, x[t][d]);
                    }
                }
            }

            ReadOnlySpan<float> w2 = _outputWeights.AsSpan(m * inputs * count, inputs * count);
            for (int t = 0; t < texts; t++)
            {
                float[] input = Hidden > 0 ? hidden[t] : x[t];
                if (Hidden > 0)
                {
                    for (int h = 0; h < input.Length; h++)
                    {
                        input[h] = Math.Max(0f, input[h]);
                    }
                }

                _outputBias.AsSpan(m * count, count).CopyTo(member);
                for (int i = 0; i < input.Length; i++)
                {
                    if (input[i] != 0f)
                    {
                        FloatSpans.AddScaled(member, w2.Slice(i * count, count), input[i]);
                    }
                }

                for (int k = 0; k < count; k++)
                {
                    logits[t][k] += member[k] / Members;
                }
            }
        }
    }

    /// <summary>Calibrated probabilities from the head's logits and the fast tier's logits.</summary>
    public void Probabilities(ReadOnlySpan<float> headLogits, ReadOnlySpan<float> fastLogits, Span<float> probabilities)
    {
        for (int k = 0; k < Labels.Count; k++)
        {
            float z = headLogits[k] + (FastWeight * fastLogits[k]);
            probabilities[k] = 1f / (1f + MathF.Exp(-((_scales[k] * z) + _offsets[k])));
        }
    }

    /// <summary>
    /// The same head reading a longer embedding that starts with its own: the inputs from <see cref="Dimensions"/> to
    /// <paramref name="dimensions"/> get zero weights, so the logits do not change. This lets heads trained on the
    /// sentence embedding alone join an ensemble of heads that also read the inner layers' means.
    /// </summary>
    /// <param name="dimensions">The longer embedding's length.</param>
    public EncoderHeadModel Widen(int dimensions)
    {
        if (dimensions < Dimensions || Hidden == 0)
        {
            throw new ArgumentException($"Cannot widen a head of {Dimensions} inputs (hidden {Hidden}) to {dimensions}.", nameof(dimensions));
        }

        int width = Dimensions + FastInputs, wider = dimensions + FastInputs;
        var weights = new float[Members * wider * Hidden];
        for (int m = 0; m < Members; m++)
        {
            ReadOnlySpan<float> w1 = _hiddenWeights.AsSpan(m * width * Hidden, width * Hidden);
            Span<float> into = weights.AsSpan(m * wider * Hidden, wider * Hidden);
            w1[..(Dimensions * Hidden)].CopyTo(into);
            w1[(Dimensions * Hidden)..].CopyTo(into[(dimensions * Hidden)..]);
        }

        return new(Encoder, dimensions, Labels, FastInputs, FastInputScale, Hidden, Members, weights, _hiddenBias, _outputWeights, _outputBias, FastWeight, _thresholds, _scales, _offsets, Description);
    }

    /// <summary>One head whose logits are the mean of the given heads' (same sizes; calibration and thresholds of the first).</summary>
    public static EncoderHeadModel Ensemble(IReadOnlyList<EncoderHeadModel> heads, string description)
    {
        EncoderHeadModel first = heads[0];
        if (heads.Any(h => h.Dimensions != first.Dimensions || h.Hidden != first.Hidden || h.FastInputs != first.FastInputs || h.Labels.Count != first.Labels.Count))
        {
            throw new ArgumentException("Ensemble members must have the same sizes.", nameof(heads));
        }

        return new EncoderHeadModel(
            first.Encoder, first.Dimensions, first.Labels, first.FastInputs, first.FastInputScale, first.Hidden, heads.Sum(h => h.Members),
            [.. heads.SelectMany(h => h._hiddenWeights)], [.. heads.SelectMany(h => h._hiddenBias)],
            [.. heads.SelectMany(h => h._outputWeights)], [.. heads.SelectMany(h => h._outputBias)],
            first.FastWeight, first._thresholds, first._scales, first._offsets, description);
    }

    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Encoder);
        writer.Write(Dimensions);
        writer.Write(Labels.Count);
        foreach (string label in Labels)
        {
            writer.Write(label);
        }

        for (int k = 0; k < Labels.Count; k++)
        {
            writer.Write(_thresholds[k]);
            writer.Write(_scales[k]);
            writer.Write(_offsets[k]);
        }

        writer.Write(FastWeight);
        writer.Write(Description);
        writer.Write(FastInputs);
        writer.Write(FastInputScale);
        writer.Write(Hidden);
        writer.Write(Members);
        foreach (float[] block in new[] { _hiddenWeights, _hiddenBias, _outputWeights, _outputBias })
        {
            foreach (float value in block)
            {
                writer.Write(value);
            }
        }
    }

    public static EncoderHeadModel Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("Not an Attune encoder head (bad magic).");
            }

            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Unsupported encoder head format version {version}; this build reads version {FormatVersion}.");
            }

            string encoder = reader.ReadString();
            int dimensions = reader.ReadInt32();
            int count = reader.ReadInt32();
            if (dimensions is <= 0 or > 8192 || count is <= 0 or > 10_000)
            {
                throw new InvalidDataException($"Implausible sizes: {dimensions} dimensions, {count} labels.");
            }

            var labels = new string[count];
            for (int k = 0; k < count; k++)
            {
                labels[k] = reader.ReadString();
            }

            var thresholds = new float[count];
            var scales = new float[count];
            var offsets = new float[count];
            for (int k = 0; k < count; k++)
            {
                thresholds[k] = reader.ReadSingle();
                scales[k] = reader.ReadSingle();
                offsets[k] = reader.ReadSingle();
            }

            float fastWeight = reader.ReadSingle();
            string description = reader.ReadString();
            int fastInputs = reader.ReadInt32();
            float fastInputScale = reader.ReadSingle();
            int hidden = reader.ReadInt32();
            int members = reader.ReadInt32();
            if (hidden is < 0 or > 8192 || members is <= 0 or > 64 || (fastInputs != 0 && fastInputs != count))
            {
                throw new InvalidDataException($"Implausible hidden size {hidden}, member count {members} or fast-tier input count {fastInputs}.");
            }

            int width = dimensions + fastInputs;
            int inputs = hidden > 0 ? hidden : width;
            float[] hiddenWeights = ReadFloats(reader, members * (hidden > 0 ? width * hidden : 0));
            float[] hiddenBias = ReadFloats(reader, members * hidden);
            float[] outputWeights = ReadFloats(reader, members * inputs * count);
            float[] outputBias = ReadFloats(reader, members * count);
            return new EncoderHeadModel(encoder, dimensions, labels, fastInputs, fastInputScale, hidden, members, hiddenWeights, hiddenBias, outputWeights, outputBias, fastWeight, thresholds, scales, offsets, description);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The encoder head file is truncated.", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The encoder head file is invalid: {e.Message}", e);
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
