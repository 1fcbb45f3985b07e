using System.Numerics;

namespace Attune.Emotions;

/// <summary>Vector arithmetic the encoder head shares between training and inference.</summary>
internal static class FloatSpans
{
    /// <summary><paramref name="target"/> += <paramref name="factor"/> × <paramref name="source"/>, element by element.</summary>
    public static void AddScaled(Span<float> target, ReadOnlySpan<float> source, float factor)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var f = new Vector<float>(factor);
            for (; i + Vector<float>.Count <= target.Length; i += Vector<float>.Count)
            {
                (new Vector<float>(target[i..]) + (f * new Vector<float>(source[i..]))).CopyTo(target[i..]);
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] += factor * source[i];
        }
    }
}
