namespace Attune.Text;

/// <summary>
/// Semantic similarity of texts: the cosine of their <see cref="TextEncoder"/> embeddings (all-MiniLM-L6-v2). Near 1 for
/// paraphrases, lower for texts about different things, whatever words they share. Thread-safe.
/// </summary>
public sealed class TextSimilarity
{
    private readonly Func<TextEncoder> _encoder;

    /// <summary>Creates a similarity measure over an encoder.</summary>
    /// <param name="encoder">The encoder.</param>
    public TextSimilarity(TextEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        _encoder = () => encoder;
    }

    private TextSimilarity(Func<TextEncoder> encoder) => _encoder = encoder;

    /// <summary>A similarity measure over <see cref="TextEncoder.Shared"/>, which loads on the first comparison.</summary>
    public static TextSimilarity Shared { get; } = new(() => TextEncoder.Shared);

    /// <summary>The cosine similarity of two texts' embeddings.</summary>
    /// <param name="a">A text.</param>
    /// <param name="b">Another text.</param>
    /// <returns>The cosine, in [-1, 1] (in practice about 0 to 1).</returns>
    public double Cosine(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        float[][] e = _encoder().Encode([a, b]);
        return TextEncoder.Cosine(e[0], e[1]);
    }

    /// <summary>Embeds texts for repeated comparisons with <see cref="Nearest"/>.</summary>
    /// <param name="texts">The texts.</param>
    /// <returns>One embedding per text, in order.</returns>
    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts) => _encoder().Encode(texts);

    /// <summary>The candidate most similar to a text, by cosine.</summary>
    /// <param name="text">The text.</param>
    /// <param name="candidates">Embeddings from <see cref="Embed"/>.</param>
    /// <returns>The index of the nearest candidate and its cosine; null when there are no candidates.</returns>
    public (int Index, double Cosine)? Nearest(string text, IReadOnlyList<float[]> candidates)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            return null;
        }

        float[] e = _encoder().Encode(text);
        (int, double) best = (0, double.NegativeInfinity);
        for (int i = 0; i < candidates.Count; i++)
        {
            double c = TextEncoder.Cosine(e, candidates[i]);
            if (c > best.Item2)
            {
                best = (i, c);
            }
        }

        return best;
    }
}
