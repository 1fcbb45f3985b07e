using Attune.Emotions;

namespace Attune.Guard;

/// <summary>
/// The local assessor's model: a <see cref="GuardFeaturizer"/> and a one-vs-rest logistic regression over its
/// features (an <see cref="EstimatorModel"/> whose labels are <see cref="GuardCriteria.All"/>), with a decision
/// threshold per criterion. File format: <c>ATGA</c>, version, the three <see cref="GuardFeaturizerOptions"/> weights,
/// then the estimator model.
/// </summary>
public sealed class LocalAssessorModel
{
    /// <summary>The version of the file format written by <see cref="Write(Stream)"/>.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "ATGA"u8.ToArray();

    /// <summary>Creates a model.</summary>
    /// <param name="options">The featurizer's user-turn and cue weights.</param>
    /// <param name="model">The linear model; its labels must be <see cref="GuardCriteria.All"/>, in order.</param>
    /// <exception cref="ArgumentException">The labels are not the guard criteria.</exception>
    public LocalAssessorModel(GuardFeaturizerOptions options, EstimatorModel model)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Labels.SequenceEqual(GuardCriteria.All, StringComparer.Ordinal))
        {
            throw new ArgumentException("The model's labels are not the guard criteria in order.", nameof(model));
        }

        Model = model;
        Featurizer = new GuardFeaturizer(model.Featurizer.Options, options);
    }

    /// <summary>The featurizer.</summary>
    public GuardFeaturizer Featurizer { get; }

    /// <summary>The linear model with its thresholds.</summary>
    public EstimatorModel Model { get; }

    /// <summary>Computes the probability of every criterion for a reply.</summary>
    /// <param name="user">The user turn ("" when none).</param>
    /// <param name="reply">The reply.</param>
    /// <param name="features">A reusable feature buffer.</param>
    /// <param name="probabilities">Receives one probability per criterion.</param>
    public void Predict(string user, string reply, SparseFeatures features, Span<float> probabilities)
    {
        Featurizer.Featurize(user, reply, features);
        Model.Predict(features, probabilities);
    }

    /// <summary>Writes the model.</summary>
    /// <param name="stream">The stream (left open).</param>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Featurizer.Options.UserWeight);
            writer.Write(Featurizer.Options.CueWeight);
            writer.Write(Featurizer.Options.EmotionWeight);
        }

        Model.Write(stream);
    }

    /// <summary>Reads a model written by <see cref="Write(Stream)"/>.</summary>
    /// <param name="stream">The stream (left open).</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The stream is not a valid model.</exception>
    public static LocalAssessorModel Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        GuardFeaturizerOptions options;
        using (var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            try
            {
                if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException("Not a guard assessor model (bad magic).");
                int version = reader.ReadInt32();
                if (version != FormatVersion) throw new InvalidDataException($"Guard assessor model version {version} is not supported (expected {FormatVersion}).");
                options = new GuardFeaturizerOptions { UserWeight = reader.ReadSingle(), CueWeight = reader.ReadSingle(), EmotionWeight = reader.ReadSingle() };
                options.Validate();
            }
            catch (Exception ex) when (ex is EndOfStreamException or ArgumentOutOfRangeException)
            {
                throw new InvalidDataException("The guard assessor model is truncated or invalid.", ex);
            }
        }

        var model = EstimatorModel.Read(stream);
        try
        {
            return new LocalAssessorModel(options, model);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }
}
