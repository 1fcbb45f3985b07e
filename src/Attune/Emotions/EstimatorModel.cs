using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Text;

namespace Attune.Emotions;

/// <summary>
/// A trained multi-label emotion model: a <see cref="HashedFeaturizer"/>, one or more <see cref="ModelHead"/>s whose
/// weighted logits add up, a per-label calibration (<c>p = sigmoid(scale × logit + offset)</c>), and a decision
/// threshold per label. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// File format (little-endian): the ASCII magic <c>ATEM</c>, an int32 format version (<see cref="FormatVersion"/>),
/// the featurizer settings, the label count and labels (length-prefixed UTF-8), per label a float32 threshold,
/// calibration scale and calibration offset, a UTF-8 description string, the head count and each head (type tag,
/// then its parameters).
/// </remarks>
public sealed class EstimatorModel
{
    /// <summary>The version of the file format written by <see cref="Write(Stream)"/>.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "ATEM"u8.ToArray();

    private readonly float[] _thresholds;
    private readonly float[] _scales;
    private readonly float[] _offsets;
    private readonly ModelHead[] _heads;

    /// <summary>Creates a model.</summary>
    /// <param name="featurizerOptions">The featurizer settings the heads were trained with.</param>
    /// <param name="labels">The label names, in logit order.</param>
    /// <param name="heads">The heads; each must have as many labels as <paramref name="labels"/> and the featurizer's bucket count.</param>
    /// <param name="thresholds">One decision threshold per label, in [0, 1].</param>
    /// <param name="description">Free text stored with the model (e.g. how it was trained).</param>
    /// <param name="calibrationScales">Per-label factor applied to the summed logit before the sigmoid; null for all 1. Each must be positive.</param>
    /// <param name="calibrationOffsets">Per-label term added to the scaled logit before the sigmoid; null for all 0.</param>
    /// <exception cref="ArgumentException">Counts do not match, a threshold is out of range or a calibration value is invalid.</exception>
    public EstimatorModel(
        HashedFeaturizerOptions featurizerOptions,
        IReadOnlyList<string> labels,
        IReadOnlyList<ModelHead> heads,
        IReadOnlyList<float> thresholds,
        string description = "",
        IReadOnlyList<float>? calibrationScales = null,
        IReadOnlyList<float>? calibrationOffsets = null)
    {
        ArgumentNullException.ThrowIfNull(featurizerOptions);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(heads);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(description);
        Featurizer = new HashedFeaturizer(featurizerOptions);
        if (labels.Count == 0 || heads.Count == 0)
        {
            throw new ArgumentException("A model needs at least one label and one head.", nameof(heads));
        }

        foreach (ModelHead head in heads)
        {
            if (head.LabelCount != labels.Count || head.BucketCount != Featurizer.BucketCount)
            {
                throw new ArgumentException(
                    $"A head has {head.LabelCount} labels and {head.BucketCount} buckets; expected {labels.Count} and {Featurizer.BucketCount}.",
                    nameof(heads));
            }
        }

        if (thresholds.Count != labels.Count || thresholds.Any(t => !(t >= 0f && t <= 1f)))
        {
            throw new ArgumentException($"Expected {labels.Count} thresholds in [0, 1].", nameof(thresholds));
        }

        _scales = calibrationScales?.ToArray() ?? Enumerable.Repeat(1f, labels.Count).ToArray();
        _offsets = calibrationOffsets?.ToArray() ?? new float[labels.Count];
        if (_scales.Length != labels.Count || _offsets.Length != labels.Count
            || _scales.Any(a => !(a > 0f && float.IsFinite(a))) || _offsets.Any(b => !float.IsFinite(b)))
        {
            throw new ArgumentException($"Expected {labels.Count} positive finite calibration scales and finite offsets.", nameof(calibrationScales));
        }

        CalibrationScales = new ReadOnlyCollection<float>(_scales);
        CalibrationOffsets = new ReadOnlyCollection<float>(_offsets);
        Labels = new ReadOnlyCollection<string>(labels.ToArray());
        _heads = heads.ToArray();
        Heads = new ReadOnlyCollection<ModelHead>(_heads);
        _thresholds = thresholds.ToArray();
        Thresholds = new ReadOnlyCollection<float>(_thresholds);
        Description = description;
    }

    /// <summary>The featurizer the model was trained with.</summary>
    public HashedFeaturizer Featurizer { get; }

    /// <summary>The label names, in logit order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The heads whose weighted logits add up.</summary>
    public IReadOnlyList<ModelHead> Heads { get; }

    /// <summary>The decision threshold of each label: a label is decided when its probability is at least its threshold.</summary>
    public IReadOnlyList<float> Thresholds { get; }

    /// <summary>The thresholds as a span (for hot loops that must not call through the list).</summary>
    internal ReadOnlySpan<float> ThresholdSpan => _thresholds;

    /// <summary>Free text stored with the model.</summary>
    public string Description { get; }

    /// <summary>Per-label factor applied to the summed logit before the sigmoid.</summary>
    public IReadOnlyList<float> CalibrationScales { get; }

    /// <summary>Per-label term added to the scaled logit before the sigmoid.</summary>
    public IReadOnlyList<float> CalibrationOffsets { get; }

    /// <summary>Returns a copy of this model with other thresholds.</summary>
    /// <param name="thresholds">One threshold per label, in [0, 1].</param>
    /// <returns>The new model (sharing the heads).</returns>
    public EstimatorModel WithThresholds(IReadOnlyList<float> thresholds) =>
        new(Featurizer.Options, Labels, _heads, thresholds, Description, _scales, _offsets);

    /// <summary>Returns a copy of this model with another calibration (thresholds are kept as they are).</summary>
    /// <param name="scales">Per-label positive factors.</param>
    /// <param name="offsets">Per-label offsets.</param>
    /// <returns>The new model (sharing the heads).</returns>
    public EstimatorModel WithCalibration(IReadOnlyList<float> scales, IReadOnlyList<float> offsets) =>
        new(Featurizer.Options, Labels, _heads, _thresholds, Description, scales, offsets);

    /// <summary>Computes the summed, uncalibrated logit of every label for already featurized text.</summary>
    /// <param name="features">The features, from <see cref="Featurizer"/>.</param>
    /// <param name="logits">Receives one logit per label; at least <see cref="Labels"/>.Count long.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PredictLogits(SparseFeatures features, Span<float> logits)
    {
        ArgumentNullException.ThrowIfNull(features);
        int count = Labels.Count;
        if (logits.Length < count)
        {
            throw new ArgumentException($"Need room for {count} logits.", nameof(logits));
        }

        logits[..count].Clear();
        foreach (ModelHead head in _heads)
        {
            head.AddLogits(features, logits);
        }
    }

    /// <summary>Computes the probability of every label for already featurized text.</summary>
    /// <param name="features">The features, from <see cref="Featurizer"/>.</param>
    /// <param name="probabilities">Receives one probability per label; at least <see cref="Labels"/>.Count long.</param>
    public void Predict(SparseFeatures features, Span<float> probabilities)
    {
        int count = Labels.Count;
        Span<float> logits = stackalloc float[count];
        PredictLogits(features, logits);
        for (int k = 0; k < count; k++)
        {
            probabilities[k] = 1f / (1f + MathF.Exp(-((_scales[k] * logits[k]) + _offsets[k])));
        }
    }

    /// <summary>Writes the model in its binary file format.</summary>
    /// <param name="stream">The stream to write to (left open).</param>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        Featurizer.Options.Write(writer);
        writer.Write(Labels.Count);
        foreach (string label in Labels)
        {
            writer.Write(label);
        }

        for (int k = 0; k < _thresholds.Length; k++)
        {
            writer.Write(_thresholds[k]);
            writer.Write(_scales[k]);
            writer.Write(_offsets[k]);
        }

        writer.Write(Description);
        writer.Write(_heads.Length);
        foreach (ModelHead head in _heads)
        {
            head.Write(writer);
        }
    }

    /// <summary>Reads a model written by <see cref="Write(Stream)"/>.</summary>
    /// <param name="stream">The stream to read from (left open).</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The stream does not hold a model of a supported format version.</exception>
    public static EstimatorModel Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            byte[] magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("Not an Attune emotion model (bad magic).");
            }

            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"Unsupported emotion model format version {version}; this build reads version {FormatVersion}.");
            }

            HashedFeaturizerOptions options = HashedFeaturizerOptions.Read(reader);
            int labelCount = reader.ReadInt32();
            if (labelCount is <= 0 or > 10_000)
            {
                throw new InvalidDataException($"Implausible label count {labelCount}.");
            }

            var labels = new string[labelCount];
            for (int k = 0; k < labelCount; k++)
            {
                labels[k] = reader.ReadString();
            }

            var thresholds = new float[labelCount];
            var scales = new float[labelCount];
            var offsets = new float[labelCount];
            for (int k = 0; k < labelCount; k++)
            {
                thresholds[k] = reader.ReadSingle();
                scales[k] = reader.ReadSingle();
                offsets[k] = reader.ReadSingle();
            }

            string description = reader.ReadString();
            int headCount = reader.ReadInt32();
            if (headCount is <= 0 or > 64)
            {
                throw new InvalidDataException($"Implausible head count {headCount}.");
            }

            var heads = new ModelHead[headCount];
            for (int h = 0; h < headCount; h++)
            {
                heads[h] = ModelHead.Read(reader, labelCount, options.BucketCount);
            }

            return new EstimatorModel(options, labels, heads, thresholds, description, scales, offsets);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The emotion model file is truncated.", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The emotion model file is invalid: {e.Message}", e);
        }
    }
}
