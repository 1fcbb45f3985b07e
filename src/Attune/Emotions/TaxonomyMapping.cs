using System.Collections.ObjectModel;

namespace Attune.Emotions;

/// <summary>
/// Maps the labels of a source taxonomy onto those of a target taxonomy. A source label may feed several target
/// labels, and a target label may gather several source labels. Converting scores gives each target label the maximum
/// score of its source labels (0 when it has none).
/// </summary>
public sealed class TaxonomyMapping
{
    private readonly int[][] _sourcesByTarget;
    private readonly int[][] _targetsBySource;

    /// <summary>Creates a mapping.</summary>
    /// <param name="source">The source taxonomy.</param>
    /// <param name="target">The target taxonomy.</param>
    /// <param name="targetsBySource">For each mapped source label, the target labels it feeds. Source labels left out are unmapped.</param>
    /// <exception cref="ArgumentException">A label does not belong to its taxonomy.</exception>
    public TaxonomyMapping(Taxonomy source, Taxonomy target, IReadOnlyDictionary<string, IReadOnlyList<string>> targetsBySource)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(targetsBySource);
        var targets = new List<int>[source.Count];
        var sources = new List<int>[target.Count];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = [];
        }

        for (int i = 0; i < sources.Length; i++)
        {
            sources[i] = [];
        }

        foreach ((string sourceLabel, IReadOnlyList<string> targetLabels) in targetsBySource)
        {
            int s = source.IndexOf(sourceLabel);
            if (s < 0)
            {
                throw new ArgumentException($"Taxonomy '{source.Name}' has no label '{sourceLabel}'.", nameof(targetsBySource));
            }

            foreach (string targetLabel in targetLabels)
            {
                int t = target.IndexOf(targetLabel);
                if (t < 0)
                {
                    throw new ArgumentException($"Taxonomy '{target.Name}' has no label '{targetLabel}'.", nameof(targetsBySource));
                }

                if (!targets[s].Contains(t))
                {
                    targets[s].Add(t);
                    sources[t].Add(s);
                }
            }
        }

        Source = source;
        Target = target;
        _targetsBySource = targets.Select(l => l.Order().ToArray()).ToArray();
        _sourcesByTarget = sources.Select(l => l.Order().ToArray()).ToArray();
        UnmappedSourceLabels = new ReadOnlyCollection<string>(
            Enumerable.Range(0, source.Count).Where(i => _targetsBySource[i].Length == 0).Select(i => source.Labels[i]).ToArray());
        UnmappedTargetLabels = new ReadOnlyCollection<string>(
            Enumerable.Range(0, target.Count).Where(i => _sourcesByTarget[i].Length == 0).Select(i => target.Labels[i]).ToArray());
    }

    /// <summary>The source taxonomy.</summary>
    public Taxonomy Source { get; }

    /// <summary>The target taxonomy.</summary>
    public Taxonomy Target { get; }

    /// <summary>Source labels that feed no target label; their scores are dropped by <see cref="Convert(EmotionScores)"/>.</summary>
    public IReadOnlyList<string> UnmappedSourceLabels { get; }

    /// <summary>Target labels that no source label feeds; they always score 0 after <see cref="Convert(EmotionScores)"/>.</summary>
    public IReadOnlyList<string> UnmappedTargetLabels { get; }

    /// <summary>
    /// GoEmotions to Ekman, the grouping of the GoEmotions paper (Demszky et al., 2020): anger (anger, annoyance,
    /// disapproval), disgust (disgust), fear (fear, nervousness), joy (joy, amusement, approval, excitement, gratitude,
    /// love, optimism, relief, pride, admiration, desire, caring), sadness (sadness, disappointment, embarrassment, grief,
    /// remorse), surprise (surprise, realization, confusion, curiosity), neutral (neutral). Every label on both sides is mapped.
    /// </summary>
    public static TaxonomyMapping GoEmotionsToEkman { get; } = FromGroups(
        Taxonomy.GoEmotions,
        Taxonomy.Ekman,
        new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["anger"] = ["anger", "annoyance", "disapproval"],
            ["disgust"] = ["disgust"],
            ["fear"] = ["fear", "nervousness"],
            ["joy"] =
            [
                "joy", "amusement", "approval", "excitement", "gratitude", "love", "optimism", "relief", "pride",
                "admiration", "desire", "caring",
            ],
            ["sadness"] = ["sadness", "disappointment", "embarrassment", "grief", "remorse"],
            ["surprise"] = ["surprise", "realization", "confusion", "curiosity"],
            ["neutral"] = ["neutral"],
        });

    /// <summary>
    /// GoEmotions to EmoNet, where a label has a close counterpart: admiration→Awe, amusement→Amusement,
    /// anger→Anger, annoyance→Impatience and Irritability, caring→Affection, confusion→Confusion, curiosity→Interest,
    /// desire→Longing, disappointment→Disappointment, disapproval→Contempt, disgust→Disgust,
    /// embarrassment→Embarrassment, excitement→Elation and Hope/Enthusiasm/Optimism, fear→Fear,
    /// gratitude→Thankfulness/Gratitude, grief→Sadness, joy→Elation, love→Affection, nervousness→Fear and Distress,
    /// optimism→Hope/Enthusiasm/Optimism, pride→Pride, relief→Relief, remorse→Shame, sadness→Sadness,
    /// surprise→Astonishment/Surprise.
    /// Unmapped GoEmotions labels: approval, realization and neutral (no EmoNet category says the same).
    /// EmoNet categories with no GoEmotions source (always 0 after conversion): Pleasure/Ecstasy, Contentment, Infatuation,
    /// Triumph, Concentration, Contemplation, Teasing, Sexual Lust, Doubt, Bitterness, Malevolence/Malice, Sourness, Pain,
    /// Helplessness, Fatigue/Exhaustion, Emotional Numbness, Intoxication/Altered States of Consciousness, Jealousy &amp; Envy.
    /// </summary>
    public static TaxonomyMapping GoEmotionsToEmoNet { get; } = new(
        Taxonomy.GoEmotions,
        Taxonomy.EmoNet,
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["admiration"] = ["Awe"],
            ["amusement"] = ["Amusement"],
            ["anger"] = ["Anger"],
            ["annoyance"] = ["Impatience and Irritability"],
            ["caring"] = ["Affection"],
            ["confusion"] = ["Confusion"],
            ["curiosity"] = ["Interest"],
            ["desire"] = ["Longing"],
            ["disappointment"] = ["Disappointment"],
            ["disapproval"] = ["Contempt"],
            ["disgust"] = ["Disgust"],
            ["embarrassment"] = ["Embarrassment"],
            ["excitement"] = ["Elation", "Hope/Enthusiasm/Optimism"],
            ["fear"] = ["Fear"],
            ["gratitude"] = ["Thankfulness/Gratitude"],
            ["grief"] = ["Sadness"],
            ["joy"] = ["Elation"],
            ["love"] = ["Affection"],
            ["nervousness"] = ["Fear", "Distress"],
            ["optimism"] = ["Hope/Enthusiasm/Optimism"],
            ["pride"] = ["Pride"],
            ["relief"] = ["Relief"],
            ["remorse"] = ["Shame"],
            ["sadness"] = ["Sadness"],
            ["surprise"] = ["Astonishment/Surprise"],
        });

    /// <summary>The target labels a source label feeds (empty when unmapped).</summary>
    /// <param name="sourceLabel">A label of <see cref="Source"/>.</param>
    /// <returns>The target labels, in target taxonomy order.</returns>
    /// <exception cref="ArgumentException">The source taxonomy has no such label.</exception>
    public IReadOnlyList<string> TargetsOf(string sourceLabel)
    {
        int s = Source.IndexOf(sourceLabel);
        if (s < 0)
        {
            throw new ArgumentException($"Taxonomy '{Source.Name}' has no label '{sourceLabel}'.", nameof(sourceLabel));
        }

        return _targetsBySource[s].Select(t => Target.Labels[t]).ToArray();
    }

    /// <summary>The source labels that feed a target label (empty when none does).</summary>
    /// <param name="targetLabel">A label of <see cref="Target"/>.</param>
    /// <returns>The source labels, in source taxonomy order.</returns>
    /// <exception cref="ArgumentException">The target taxonomy has no such label.</exception>
    public IReadOnlyList<string> SourcesOf(string targetLabel)
    {
        int t = Target.IndexOf(targetLabel);
        if (t < 0)
        {
            throw new ArgumentException($"Taxonomy '{Target.Name}' has no label '{targetLabel}'.", nameof(targetLabel));
        }

        return _sourcesByTarget[t].Select(s => Source.Labels[s]).ToArray();
    }

    /// <summary>
    /// Converts scores over <see cref="Source"/> to scores over <see cref="Target"/>: each target label scores the
    /// maximum of its source labels' scores (0 when it has none), and is decided when any of its source labels was decided.
    /// </summary>
    /// <param name="scores">Scores over <see cref="Source"/>.</param>
    /// <returns>Scores over <see cref="Target"/>.</returns>
    /// <exception cref="ArgumentException">The scores are over another taxonomy.</exception>
    public EmotionScores Convert(EmotionScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (!scores.Taxonomy.Equals(Source))
        {
            throw new ArgumentException(
                $"Scores are over taxonomy '{scores.Taxonomy.Name}', but this mapping converts from '{Source.Name}'.", nameof(scores));
        }

        var decided = new bool[Source.Count];
        foreach (string label in scores.Labels)
        {
            decided[Source.IndexOf(label)] = true;
        }

        var targetScores = new double[Target.Count];
        var targetLabels = new List<string>();
        for (int t = 0; t < targetScores.Length; t++)
        {
            bool isDecided = false;
            foreach (int s in _sourcesByTarget[t])
            {
                targetScores[t] = Math.Max(targetScores[t], scores[Source.Labels[s]]);
                isDecided |= decided[s];
            }

            if (isDecided)
            {
                targetLabels.Add(Target.Labels[t]);
            }
        }

        return new EmotionScores(Target, targetScores, targetLabels);
    }

    /// <summary>
    /// Converts scores to another taxonomy with a built-in mapping: identity when the taxonomies are equal, otherwise
    /// <see cref="GoEmotionsToEkman"/> or <see cref="GoEmotionsToEmoNet"/>.
    /// </summary>
    /// <param name="scores">The scores to convert.</param>
    /// <param name="target">The target taxonomy.</param>
    /// <returns>Scores over <paramref name="target"/>.</returns>
    /// <exception cref="ArgumentException">No built-in mapping leads from the scores' taxonomy to <paramref name="target"/>.</exception>
    public static EmotionScores Convert(EmotionScores scores, Taxonomy target)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(target);
        return scores.Taxonomy.Equals(target) ? scores : Find(scores.Taxonomy, target).Convert(scores);
    }

    /// <summary>Returns the built-in mapping between two taxonomies.</summary>
    /// <param name="source">The source taxonomy.</param>
    /// <param name="target">The target taxonomy.</param>
    /// <returns>The mapping.</returns>
    /// <exception cref="ArgumentException">No built-in mapping leads from <paramref name="source"/> to <paramref name="target"/>.</exception>
    public static TaxonomyMapping Find(Taxonomy source, Taxonomy target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        foreach (TaxonomyMapping mapping in new[] { GoEmotionsToEkman, GoEmotionsToEmoNet })
        {
            if (mapping.Source.Equals(source) && mapping.Target.Equals(target))
            {
                return mapping;
            }
        }

        throw new ArgumentException(
            $"No built-in mapping from '{source.Name}' to '{target.Name}'. Built-in mappings: goemotions→ekman, goemotions→emonet.",
            nameof(target));
    }

    private static TaxonomyMapping FromGroups(Taxonomy source, Taxonomy target, Dictionary<string, string[]> sourcesByTarget)
    {
        var targetsBySource = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach ((string targetLabel, string[] sourceLabels) in sourcesByTarget)
        {
            foreach (string sourceLabel in sourceLabels)
            {
                if (!targetsBySource.TryGetValue(sourceLabel, out List<string>? list))
                {
                    targetsBySource[sourceLabel] = list = [];
                }

                list.Add(targetLabel);
            }
        }

        return new TaxonomyMapping(
            source,
            target,
            targetsBySource.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal));
    }
}
