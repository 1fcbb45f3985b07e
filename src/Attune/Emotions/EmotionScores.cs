using System.Collections.ObjectModel;

namespace Attune.Emotions;

/// <summary>
/// The immutable emotion estimate for one text: a score between 0 and 1 for every label of a taxonomy, and the labels
/// whose score reached their decision threshold.
/// </summary>
public sealed class EmotionScores
{
    private readonly double[] _scores;

    /// <summary>Every score, in taxonomy order (no copy).</summary>
    internal ReadOnlySpan<double> ScoreSpan => _scores;

    /// <summary>Creates an estimate from scores and the labels that were decided.</summary>
    /// <param name="taxonomy">The taxonomy the scores refer to.</param>
    /// <param name="scores">One score per label, parallel to <see cref="Taxonomy.Labels"/>, each in [0, 1].</param>
    /// <param name="labels">The decided labels (any order, no duplicates); each must belong to the taxonomy.</param>
    /// <exception cref="ArgumentException">Counts do not match, a score is outside [0, 1] or NaN, or a label is unknown or repeated.</exception>
    public EmotionScores(Taxonomy taxonomy, IReadOnlyList<double> scores, IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != taxonomy.Count)
        {
            throw new ArgumentException($"Expected {taxonomy.Count} scores for taxonomy '{taxonomy.Name}', got {scores.Count}.", nameof(scores));
        }

        _scores = new double[scores.Count];
        for (int i = 0; i < _scores.Length; i++)
        {
            double score = scores[i];
            if (!(score >= 0.0 && score <= 1.0))
            {
                throw new ArgumentException($"Score of '{taxonomy.Labels[i]}' is {score}; scores must lie in [0, 1].", nameof(scores));
            }

            _scores[i] = score;
        }

        var indices = new List<int>();
        foreach (string label in labels)
        {
            int index = taxonomy.IndexOf(label);
            if (index < 0)
            {
                throw new ArgumentException($"Taxonomy '{taxonomy.Name}' has no label '{label}'.", nameof(labels));
            }

            if (indices.Contains(index))
            {
                throw new ArgumentException($"Label '{label}' is given more than once.", nameof(labels));
            }

            indices.Add(index);
        }

        Taxonomy = taxonomy;
        Scores = new LabelValues(taxonomy, _scores);
        Labels = new ReadOnlyCollection<string>(OrderByScore(indices).Select(i => taxonomy.Labels[i]).ToArray());
    }

    /// <summary>The taxonomy the scores refer to.</summary>
    public Taxonomy Taxonomy { get; }

    /// <summary>The score of every label of <see cref="Taxonomy"/>, enumerated in taxonomy order.</summary>
    public IReadOnlyDictionary<string, double> Scores { get; }

    /// <summary>The labels whose score reached their decision threshold, highest score first (ties in taxonomy order).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>
    /// Each label's decision threshold (a label is in <see cref="Labels"/> when its score reaches it), when the estimator
    /// decides by per-label thresholds; null otherwise (a softmax classifier, or scores mapped to another taxonomy).
    /// </summary>
    public IReadOnlyDictionary<string, double>? Thresholds { get; init; }

    /// <summary>A label → threshold map, built once per estimator and shared by its estimates.</summary>
    internal static IReadOnlyDictionary<string, double> ThresholdMap<T>(Taxonomy taxonomy, IReadOnlyList<T> thresholds)
        where T : IConvertible
    {
        var values = new double[taxonomy.Count];
        for (int i = 0; i < values.Length; i++) values[i] = thresholds[i].ToDouble(System.Globalization.CultureInfo.InvariantCulture);
        return new LabelValues(taxonomy, values);
    }

    /// <summary>The score of a label.</summary>
    /// <param name="label">A label of <see cref="Taxonomy"/>.</param>
    /// <exception cref="KeyNotFoundException">The taxonomy has no such label.</exception>
    public double this[string label] => Scores[label];

    /// <summary>
    /// Builds an estimate by comparing each score with its label's threshold: a label is decided when its score is
    /// greater than or equal to its threshold.
    /// </summary>
    /// <param name="taxonomy">The taxonomy the scores refer to.</param>
    /// <param name="scores">One score per label, each in [0, 1].</param>
    /// <param name="thresholds">One threshold per label.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException">The counts do not match the taxonomy or a score is outside [0, 1].</exception>
    public static EmotionScores FromThresholds(Taxonomy taxonomy, IReadOnlyList<double> scores, IReadOnlyList<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (thresholds.Count != taxonomy.Count || scores.Count != taxonomy.Count)
        {
            throw new ArgumentException($"Expected {taxonomy.Count} scores and thresholds for taxonomy '{taxonomy.Name}'.", nameof(thresholds));
        }

        var labels = new List<string>();
        for (int i = 0; i < taxonomy.Count; i++)
        {
            if (scores[i] >= thresholds[i])
            {
                labels.Add(taxonomy.Labels[i]);
            }
        }

        return new EmotionScores(taxonomy, scores, labels) { Thresholds = ThresholdMap(taxonomy, thresholds) };
    }

    /// <summary>An estimate with every score zero and no label, e.g. for a text with nothing to judge.</summary>
    /// <param name="taxonomy">The taxonomy.</param>
    /// <returns>The empty estimate.</returns>
    public static EmotionScores Empty(Taxonomy taxonomy)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        return new EmotionScores(taxonomy, new double[taxonomy.Count], []);
    }

    /// <summary>The <paramref name="k"/> labels with the highest scores, highest first (ties in taxonomy order).</summary>
    /// <param name="k">How many labels to return; more than the taxonomy has returns all of them.</param>
    /// <returns>The top labels with their scores.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    public IReadOnlyList<LabelScore> Top(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return OrderByScore(Enumerable.Range(0, _scores.Length))
            .Take(k)
            .Select(i => new LabelScore(Taxonomy.Labels[i], _scores[i]))
            .ToArray();
    }

    /// <summary>The decided labels with their scores, e.g. <c>gratitude 0.93, joy 0.41</c>, or <c>(none)</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() =>
        Labels.Count == 0
            ? "(none)"
            : string.Join(", ", Labels.Select(l => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{l} {Scores[l]:0.00}")));

    private IEnumerable<int> OrderByScore(IEnumerable<int> indices) =>
        indices.OrderByDescending(i => _scores[i]).ThenBy(i => i);
}
