using System.Collections.ObjectModel;

namespace Attune.Emotions;

/// <summary>
/// A named, ordered set of emotion labels, optionally with a one-line description per label.
/// Instances are immutable; the well-known taxonomies are exposed as static properties.
/// </summary>
public sealed class Taxonomy : IEquatable<Taxonomy>
{
    private readonly Dictionary<string, int> _indexByLabel;

    /// <summary>Creates a taxonomy.</summary>
    /// <param name="name">The taxonomy name, e.g. <c>goemotions</c>.</param>
    /// <param name="labels">The label names, in their canonical order; non-empty, distinct (ordinal).</param>
    /// <param name="descriptions">Optional one-line descriptions, parallel to <paramref name="labels"/>; entries may be null.</param>
    /// <exception cref="ArgumentException">The name is blank, the labels are empty, blank or duplicated, or the descriptions do not match the labels in count.</exception>
    public Taxonomy(string name, IEnumerable<string> labels, IEnumerable<string?>? descriptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(labels);
        string[] labelArray = labels.ToArray();
        if (labelArray.Length == 0)
        {
            throw new ArgumentException("A taxonomy needs at least one label.", nameof(labels));
        }

        _indexByLabel = new Dictionary<string, int>(labelArray.Length, StringComparer.Ordinal);
        for (int i = 0; i < labelArray.Length; i++)
        {
            string label = labelArray[i];
            if (string.IsNullOrWhiteSpace(label))
            {
                throw new ArgumentException($"Label {i} is blank.", nameof(labels));
            }

            if (!_indexByLabel.TryAdd(label, i))
            {
                throw new ArgumentException($"Label '{label}' appears more than once.", nameof(labels));
            }
        }

        string?[] descriptionArray = descriptions?.ToArray() ?? new string?[labelArray.Length];
        if (descriptionArray.Length != labelArray.Length)
        {
            throw new ArgumentException(
                $"Expected {labelArray.Length} descriptions, got {descriptionArray.Length}.", nameof(descriptions));
        }

        Name = name;
        Labels = new ReadOnlyCollection<string>(labelArray);
        Descriptions = new ReadOnlyCollection<string?>(descriptionArray);
    }

    /// <summary>The taxonomy name (lower case for the built-in ones: <c>goemotions</c>, <c>ekman</c>, <c>emonet</c>).</summary>
    public string Name { get; }

    /// <summary>The label names in canonical order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>One-line descriptions parallel to <see cref="Labels"/>; an entry is null when none was given.</summary>
    public IReadOnlyList<string?> Descriptions { get; }

    /// <summary>The number of labels.</summary>
    public int Count => Labels.Count;

    /// <summary>
    /// The 28 GoEmotions labels (27 emotions and neutral) in label-id order, as in the dataset's <c>emotions.txt</c>
    /// (Demszky et al., 2020).
    /// </summary>
    public static Taxonomy GoEmotions { get; } = new(
        "goemotions",
        [
            "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity",
            "desire", "disappointment", "disapproval", "disgust", "embarrassment", "excitement", "fear",
            "gratitude", "grief", "joy", "love", "nervousness", "optimism", "pride", "realization", "relief",
            "remorse", "sadness", "surprise", "neutral",
        ],
        [
            "Finding someone or something impressive or worthy of respect.",
            "Finding something funny or being entertained.",
            "A strong feeling of displeasure or hostility.",
            "Mild anger or irritation.",
            "Agreeing with or endorsing something.",
            "Wanting to help or showing concern for someone's wellbeing.",
            "Not understanding something; feeling puzzled.",
            "Wanting to know or learn more about something.",
            "Wanting something or wishing for it to happen.",
            "Sadness that an expectation or hope was not met.",
            "Disagreeing with or rejecting something.",
            "Revulsion at something offensive or unpleasant.",
            "Self-conscious discomfort, awkwardness or shame in front of others.",
            "Eager, energetic enthusiasm.",
            "Feeling afraid or threatened.",
            "Thankfulness towards someone.",
            "Intense sorrow, especially over a death or loss.",
            "Happiness and pleasure.",
            "Strong warmth, affection or attachment.",
            "Anxiety, worry or unease.",
            "Hopefulness about the future.",
            "Satisfaction with an achievement of one's own or of someone close.",
            "Suddenly becoming aware of something.",
            "Ease after a worry or distress has passed.",
            "Regret and guilt for something one did.",
            "Feeling down, unhappy or sorrowful.",
            "Being caught off guard by something unexpected.",
            "No particular emotion expressed.",
        ]);

    /// <summary>Ekman's six basic emotions plus neutral.</summary>
    public static Taxonomy Ekman { get; } = new(
        "ekman",
        ["anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral"],
        [
            "Hostility, irritation or opposition.",
            "Revulsion or strong distaste.",
            "Feeling threatened, afraid or anxious.",
            "Positive feelings: happiness, gratitude, love, pride and the like.",
            "Sorrow, loss, disappointment or regret.",
            "Reaction to something unexpected or not yet understood.",
            "No particular emotion expressed.",
        ]);

    /// <summary>
    /// The 40 emotion categories of LAION's EmoNet taxonomy (category names only; descriptions are Attune's own).
    /// </summary>
    public static Taxonomy EmoNet { get; } = new(
        "emonet",
        [
            "Amusement", "Elation", "Pleasure/Ecstasy", "Contentment", "Thankfulness/Gratitude", "Affection",
            "Infatuation", "Hope/Enthusiasm/Optimism", "Triumph", "Pride", "Interest", "Awe",
            "Astonishment/Surprise", "Concentration", "Contemplation", "Relief", "Longing", "Teasing",
            "Impatience and Irritability", "Sexual Lust", "Doubt", "Fear", "Distress", "Confusion",
            "Embarrassment", "Shame", "Disappointment", "Sadness", "Bitterness", "Contempt", "Disgust", "Anger",
            "Malevolence/Malice", "Sourness", "Pain", "Helplessness", "Fatigue/Exhaustion", "Emotional Numbness",
            "Intoxication/Altered States of Consciousness", "Jealousy & Envy",
        ],
        [
            "Finding something funny; playful mirth.",
            "High-spirited happiness.",
            "Intense sensory or bodily enjoyment.",
            "Calm, settled satisfaction.",
            "Appreciation for what someone did or gave.",
            "Warm, caring regard for someone.",
            "Being smitten or romantically drawn to someone.",
            "Looking forward with hope, drive or eagerness.",
            "Exultant sense of having won or prevailed.",
            "Satisfaction in one's own worth or achievement.",
            "Attention drawn by curiosity or fascination.",
            "Wonder at something vast, beautiful or impressive.",
            "Being struck by something unexpected.",
            "Focused mental effort on a task.",
            "Quiet reflective thinking.",
            "Release from worry, pain or pressure.",
            "Yearning for something absent or past.",
            "Light-hearted provocation or banter.",
            "Short-tempered restlessness or irritation.",
            "Sexual desire or arousal.",
            "Uncertainty or distrust about something.",
            "Alarm at a perceived threat.",
            "Worry, anxiety or upset.",
            "Not being able to make sense of something.",
            "Awkward self-consciousness before others.",
            "Painful sense of guilt or having done wrong.",
            "Letdown when hopes are not met.",
            "Sorrow, grief or low mood.",
            "Lingering resentment or cynicism.",
            "Looking down on someone or something.",
            "Revulsion at something offensive.",
            "Hostile displeasure, up to rage.",
            "Wishing harm on others or enjoying their misfortune.",
            "A sour, sharp or acerbic mood.",
            "Physical suffering or ache.",
            "Feeling powerless or without hope.",
            "Tiredness and depleted energy.",
            "Emotional flatness, detachment or indifference.",
            "Altered perception, as when drunk or intoxicated.",
            "Wanting what another has; fear of losing someone to a rival.",
        ]);

    /// <summary>The names accepted by <see cref="Parse(string)"/>.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = new ReadOnlyCollection<string>(["goemotions", "ekman", "emonet"]);

    /// <summary>Returns the built-in taxonomy with the given name (case-insensitive): <c>goemotions</c>, <c>ekman</c> or <c>emonet</c>.</summary>
    /// <param name="name">The taxonomy name.</param>
    /// <returns>The matching built-in taxonomy.</returns>
    /// <exception cref="ArgumentException">The name is not one of the built-in taxonomies.</exception>
    public static Taxonomy Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "goemotions" => GoEmotions,
            "ekman" => Ekman,
            "emonet" => EmoNet,
            _ => throw new ArgumentException(
                $"Unknown taxonomy '{name}'. Valid names: {string.Join(", ", KnownNames)}.", nameof(name)),
        };
    }

    /// <summary>Returns the index of a label in <see cref="Labels"/>, or -1 when the taxonomy has no such label (ordinal comparison).</summary>
    /// <param name="label">The label name.</param>
    /// <returns>The zero-based index, or -1.</returns>
    public int IndexOf(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return _indexByLabel.TryGetValue(label, out int index) ? index : -1;
    }

    /// <summary>Whether the taxonomy has the label (ordinal comparison).</summary>
    /// <param name="label">The label name.</param>
    /// <returns>True when the label belongs to the taxonomy.</returns>
    public bool Contains(string label) => IndexOf(label) >= 0;

    /// <summary>Returns the description of a label, or null when it has none.</summary>
    /// <param name="label">The label name.</param>
    /// <returns>The description, or null.</returns>
    /// <exception cref="ArgumentException">The taxonomy has no such label.</exception>
    public string? GetDescription(string label)
    {
        int index = IndexOf(label);
        if (index < 0)
        {
            throw new ArgumentException($"Taxonomy '{Name}' has no label '{label}'.", nameof(label));
        }

        return Descriptions[index];
    }

    /// <summary>Two taxonomies are equal when they have the same name and the same labels in the same order.</summary>
    /// <param name="other">The other taxonomy.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(Taxonomy? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (string.Equals(Name, other.Name, StringComparison.Ordinal) && Labels.SequenceEqual(other.Labels, StringComparer.Ordinal)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Taxonomy);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), Labels.Count);

    /// <summary>The taxonomy name and label count, e.g. <c>goemotions (28 labels)</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{Name} ({Labels.Count} labels)";
}
