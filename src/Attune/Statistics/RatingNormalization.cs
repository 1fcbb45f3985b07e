namespace Attune.Statistics;

/// <summary>
/// Maps raw ratings onto the public scale with two anchor models (<c>normalize_elo_scores</c>): by default
/// <c>o3</c> → 1500 and <c>meta-llama/llama-3.2-1b-instruct</c> → 200. scale = (t₁ − t₂)/(r₁ − r₂) (1 when the raws
/// differ by less than 1e-6), shift = t₁ − scale·r₁, norm = raw·scale + shift. Without both anchors every value is
/// returned unchanged.
/// </summary>
public static class RatingNormalization
{
    /// <summary>The reference's anchors, in order.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> DefaultAnchors { get; } =
    [
        new("o3", 1500),
        new("meta-llama/llama-3.2-1b-instruct", 200),
    ];

    /// <summary>Normalises every raw value.</summary>
    /// <param name="raw">Raw ratings by model name (exact, case-sensitive names).</param>
    /// <param name="anchors">Anchor models and their targets, in order; the first two present are used. Defaults to <see cref="DefaultAnchors"/>.</param>
    public static Dictionary<string, double> Normalize(IReadOnlyDictionary<string, double> raw, IReadOnlyList<KeyValuePair<string, double>>? anchors = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var present = (anchors ?? DefaultAnchors).Where(a => raw.ContainsKey(a.Key)).ToList();
        if (present.Count < 2) return raw.ToDictionary(kv => kv.Key, kv => kv.Value);
        var (modelA, targetA) = (present[0].Key, present[0].Value);
        var (modelB, targetB) = (present[1].Key, present[1].Value);
        double rawA = raw[modelA], rawB = raw[modelB];
        double scale = Math.Abs(rawA - rawB) < 1e-6 ? 1.0 : (targetA - targetB) / (rawA - rawB);
        double shift = targetA - scale * rawA;
        return raw.ToDictionary(kv => kv.Key, kv => kv.Value * scale + shift);
    }
}
