using Attune.Text;

namespace Attune.Emotions;

/// <summary>
/// Attune's accurate, in-process emotion estimator over the <see cref="Taxonomy.GoEmotions"/> labels: a pretrained
/// sentence encoder (<see cref="TextEncoder"/>, all-MiniLM-L6-v2) turns each text into an embedding, a small head trained
/// on the GoEmotions training split (Apache-2.0, Demszky et al. 2020) scores every label from it, together with the
/// <see cref="BuiltInEstimator"/>'s n-gram scores, and a threshold per label tuned on dev decides. Slower than the
/// built-in (fast) estimator and more accurate; no network; thread-safe.
/// </summary>
/// <remarks>
/// Only the first <see cref="MaxCharacters"/> characters of a text are read (and of those at most
/// <see cref="TextEncoder.MaxTokens"/> word pieces). An empty or blank text gets every score 0 and no label, as with
/// the built-in estimator. The encoder loads once per process, on first use.
/// </remarks>
public sealed class AccurateEstimator : IEmotionEstimator
{
    /// <summary>The name of the embedded resource holding the head's weights.</summary>
    public const string ResourceName = "Attune.Data.goemotions-accurate.bin";

    /// <summary>Only the first <see cref="MaxCharacters"/> characters of a text are read; the rest is ignored.</summary>
    public const int MaxCharacters = 1000;

    private const int HeadBlock = 16;

    private static readonly Lazy<AccurateEstimator> Embedded = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly EncoderHeadModel _head;
    private readonly EmbeddingPooling _pooling;
    private IReadOnlyDictionary<string, double>? _thresholdMap;
    private readonly BuiltInEstimator _fast;
    private readonly Func<TextEncoder> _encoder;

    internal AccurateEstimator(EncoderHeadModel head, BuiltInEstimator fast, Func<TextEncoder> encoder)
    {
        if (!head.Labels.SequenceEqual(Taxonomy.GoEmotions.Labels, StringComparer.Ordinal))
        {
            throw new ArgumentException("The head's labels are not the GoEmotions labels in label-id order.", nameof(head));
        }

        if (head.Encoder != TextEncoder.ModelName || PoolingOf(head.Dimensions) is not { } pooling)
        {
            throw new ArgumentException($"The head reads {head.Encoder} ({head.Dimensions} dimensions), not {TextEncoder.ModelName}.", nameof(head));
        }

        _head = head;
        _pooling = pooling;
        _fast = fast;
        _encoder = encoder;
    }

    /// <inheritdoc />
    public Taxonomy Taxonomy => Taxonomy.GoEmotions;

    /// <summary>Free text stored with the head (how it was trained).</summary>
    public string Description => _head.Description;

    internal EncoderHeadModel Head => _head;

    /// <summary>
    /// Returns the estimator with the head embedded in the Attune assembly (resource <see cref="ResourceName"/>) over the
    /// shared <see cref="TextEncoder"/>. The head is read once; the encoder loads on the first estimate.
    /// </summary>
    /// <returns>The shared accurate estimator.</returns>
    /// <exception cref="InvalidOperationException">The assembly has no such resource.</exception>
    /// <exception cref="InvalidDataException">The resource is not a valid head.</exception>
    public static AccurateEstimator Load() => Embedded.Value;

    /// <summary>Estimates the emotions of one text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The scores.</returns>
    public EmotionScores Estimate(string text) => Estimate([text])[0];

    /// <summary>Estimates the emotions of texts, batched through the encoder on every core.</summary>
    /// <param name="texts">The texts; none may be null.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <returns>One result per text, in order.</returns>
    public IReadOnlyList<EmotionScores> Estimate(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var read = new string[texts.Count];
        var empty = new bool[texts.Count];
        var pending = new List<int>(texts.Count);
        for (int i = 0; i < read.Length; i++)
        {
            string text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            read[i] = text.Length > MaxCharacters ? text[..MaxCharacters] : text;
            empty[i] = string.IsNullOrWhiteSpace(read[i]);
            if (!empty[i])
            {
                pending.Add(i);
            }
        }

        var results = new EmotionScores[read.Length];
        for (int i = 0; i < read.Length; i++)
        {
            if (empty[i])
            {
                results[i] = EmotionScores.Empty(Taxonomy);
            }
        }

        if (pending.Count == 0)
        {
            return results;
        }

        float[][] embeddings = _encoder().Encode(pending.Select(i => read[i]).ToArray(), _pooling, cancellationToken);
        // The head runs over blocks of texts, so that each of its weight rows is read once per block, not once per text.
        int count = Taxonomy.Count;
        int blocks = (pending.Count + HeadBlock - 1) / HeadBlock;
        Parallel.For(0, blocks, new ParallelOptions { CancellationToken = cancellationToken }, b =>
        {
            int start = b * HeadBlock, size = Math.Min(HeadBlock, pending.Count - start);
            var fastLogits = new float[size][];
            var headLogits = new float[size][];
            for (int j = 0; j < size; j++)
            {
                fastLogits[j] = new float[count];
                headLogits[j] = new float[count];
                FastLogits(read[pending[start + j]], fastLogits[j]);
            }

            _head.HeadLogits(new ArraySegment<float[]>(embeddings, start, size), fastLogits, headLogits);
            Span<float> probabilities = stackalloc float[count];
            for (int j = 0; j < size; j++)
            {
                _head.Probabilities(headLogits[j], fastLogits[j], probabilities);
                results[pending[start + j]] = Decide(probabilities);
            }
        });
        return results;
    }

    /// <summary>Estimates the emotions of a batch of texts.</summary>
    /// <param name="texts">The texts; none may be null.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <returns>One result per text, in order.</returns>
    public Task<IReadOnlyList<EmotionScores>> EstimateAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return cancellationToken.IsCancellationRequested
            ? Task.FromCanceled<IReadOnlyList<EmotionScores>>(cancellationToken)
            : Task.Run(() => Estimate(texts, cancellationToken), cancellationToken);
    }

    /// <summary>The fast tier's calibrated logits (logit of its probability) for a text, which the head adds, weighted.</summary>
    internal void FastLogits(string text, Span<float> logits)
    {
        if (!_head.UsesFastTier)
        {
            logits.Clear();
            return;
        }

        FastTierLogits(_fast, text, logits);
    }

    /// <summary>The logit of each of the built-in estimator's calibrated probabilities (0 where it reads nothing).</summary>
    internal static void FastTierLogits(BuiltInEstimator fast, string text, Span<float> logits)
    {
        var features = new SparseFeatures();
        fast.Model.Featurizer.Featurize(text.AsSpan(), features);
        int count = fast.Model.Labels.Count;
        if (features.Count == 0)
        {
            logits[..count].Clear();
            return;
        }

        fast.Model.PredictLogits(features, logits);
        for (int k = 0; k < count; k++)
        {
            logits[k] = (fast.Model.CalibrationScales[k] * logits[k]) + fast.Model.CalibrationOffsets[k];
        }
    }

    /// <summary>
    /// How a head of <paramref name="dimensions"/> inputs wants its texts embedded (the head file stores only its width):
    /// 384 the sentence embedding, 768 with the token maximum, 2,304 with the means of the five inner layers; null for
    /// any other width.
    /// </summary>
    internal static EmbeddingPooling? PoolingOf(int dimensions) =>
        Enum.GetValues<EmbeddingPooling>().Select(p => (EmbeddingPooling?)p).FirstOrDefault(p => TextEncoder.Width(p!.Value) == dimensions);

    private EmotionScores Decide(ReadOnlySpan<float> probabilities)
    {
        var scores = new double[probabilities.Length];
        var decided = new List<string>(4);
        for (int k = 0; k < scores.Length; k++)
        {
            scores[k] = probabilities[k];
            if (probabilities[k] >= _head.Thresholds[k])
            {
                decided.Add(_head.Labels[k]);
            }
        }

        return new EmotionScores(Taxonomy, scores, decided) { Thresholds = _thresholdMap ??= EmotionScores.ThresholdMap(Taxonomy, _head.Thresholds) };
    }

    private static AccurateEstimator LoadEmbedded()
    {
        using Stream stream = typeof(AccurateEstimator).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The Attune assembly has no embedded resource '{ResourceName}'.");
        return new AccurateEstimator(EncoderHeadModel.Read(stream), BuiltInEstimator.Load(), () => TextEncoder.Shared);
    }
}
