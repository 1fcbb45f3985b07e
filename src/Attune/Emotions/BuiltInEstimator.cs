namespace Attune.Emotions;

/// <summary>
/// Attune's built-in, in-process emotion estimator over the <see cref="Taxonomy.GoEmotions"/> labels: hashed word and
/// character n-gram features scored by a small model trained on the GoEmotions training split (Apache-2.0,
/// Demszky et al. 2020), with a decision threshold per label. Pure managed code, no network, thread-safe.
/// </summary>
/// <remarks>
/// Only the first <see cref="MaxCharacters"/> characters of a text are read. A text in which the featurizer finds
/// nothing (empty, white space, or only separators) gets every score 0 and no label.
/// </remarks>
public sealed class BuiltInEstimator : IEmotionEstimator
{
    /// <summary>The name of the embedded resource holding the built-in weights.</summary>
    public const string ResourceName = "Attune.Data.goemotions-estimator.bin";

    /// <summary>Only the first <see cref="MaxCharacters"/> characters of a text are read; the rest is ignored.</summary>
    public const int MaxCharacters = HashedFeaturizer.MaxCharacters;

    private static readonly Lazy<BuiltInEstimator> Embedded = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    [ThreadStatic]
    private static SparseFeatures? t_features;

    /// <summary>Creates an estimator around a model.</summary>
    /// <param name="model">The model; its labels must be the <see cref="Taxonomy.GoEmotions"/> labels, in order.</param>
    /// <exception cref="ArgumentException">The model's labels are not the GoEmotions labels.</exception>
    public BuiltInEstimator(EstimatorModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Labels.SequenceEqual(Taxonomy.GoEmotions.Labels, StringComparer.Ordinal))
        {
            throw new ArgumentException("The model's labels are not the GoEmotions labels in label-id order.", nameof(model));
        }

        Model = model;
    }

    /// <summary>The model in use.</summary>
    public EstimatorModel Model { get; }

    private IReadOnlyDictionary<string, double> ThresholdMap => _thresholdMap ??= EmotionScores.ThresholdMap(Taxonomy, Model.Thresholds);

    private IReadOnlyDictionary<string, double>? _thresholdMap;

    /// <inheritdoc />
    public Taxonomy Taxonomy => Taxonomy.GoEmotions;

    /// <summary>
    /// Returns the estimator with the weights embedded in the Attune assembly (resource <see cref="ResourceName"/>).
    /// The model is read once and shared.
    /// </summary>
    /// <returns>The shared built-in estimator.</returns>
    /// <exception cref="InvalidOperationException">The assembly has no such resource.</exception>
    /// <exception cref="InvalidDataException">The resource is not a valid model.</exception>
    public static BuiltInEstimator Load() => Embedded.Value;

    /// <summary>Reads a model from a stream (e.g. a file of other weights, in tests) and creates an estimator for it.</summary>
    /// <param name="stream">A stream holding a model written by <see cref="EstimatorModel.Write(Stream)"/> (left open).</param>
    /// <returns>A new estimator.</returns>
    /// <exception cref="InvalidDataException">The stream is not a valid model.</exception>
    public static BuiltInEstimator Load(Stream stream) => new(EstimatorModel.Read(stream));

    /// <summary>Estimates the emotions of one text.</summary>
    /// <param name="text">The text (only the first <see cref="MaxCharacters"/> characters are read).</param>
    /// <returns>The scores; all zero with no label when the text holds nothing to featurize.</returns>
    public EmotionScores Estimate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int count = Model.Labels.Count;
        Span<float> probabilities = stackalloc float[count];
        if (!TryPredict(text, probabilities))
        {
            return EmotionScores.Empty(Taxonomy);
        }

        var scores = new double[count];
        var decided = new List<string>(4);
        for (int k = 0; k < count; k++)
        {
            scores[k] = probabilities[k];
            if (probabilities[k] >= Model.Thresholds[k])
            {
                decided.Add(Model.Labels[k]);
            }
        }

        return new EmotionScores(Taxonomy, scores, decided) { Thresholds = ThresholdMap };
    }

    /// <summary>
    /// The calibrated probability of every label of a text, what <see cref="Estimate(string)"/> scores and decides from;
    /// false, with nothing written, when the text holds nothing to featurize (the empty estimate).
    /// </summary>
    internal bool TryPredict(ReadOnlySpan<char> text, Span<float> probabilities)
    {
        SparseFeatures features = t_features ??= new SparseFeatures();
        Model.Featurizer.Featurize(text, features);
        if (features.Count == 0)
        {
            return false;
        }

        Model.Predict(features, probabilities);
        return true;
    }

    /// <summary>Estimates the emotions of a batch of texts, one after the other on the calling thread.</summary>
    /// <param name="texts">The texts; none may be null.</param>
    /// <param name="cancellationToken">Checked between texts.</param>
    /// <returns>A completed task with one result per text, in order.</returns>
    public Task<IReadOnlyList<EmotionScores>> EstimateAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<EmotionScores>>(cancellationToken);
        }

        try
        {
            var results = new EmotionScores[texts.Count];
            for (int i = 0; i < results.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
                results[i] = Estimate(text);
            }

            return Task.FromResult<IReadOnlyList<EmotionScores>>(results);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<EmotionScores>>(cancellationToken);
        }
    }

    private static BuiltInEstimator LoadEmbedded()
    {
        using Stream stream = typeof(BuiltInEstimator).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The Attune assembly has no embedded resource '{ResourceName}'.");
        using var buffered = new BufferedStream(stream, 1 << 16);
        return Load(buffered);
    }
}
