using System.Numerics;

namespace Attune.Train;

/// <summary>Settings of <see cref="MlpTrainer"/>.</summary>
internal sealed record MlpTrainerOptions
{
    public int Hidden { get; init; } = 64;

    public int Epochs { get; init; } = 5;

    public float LearningRate { get; init; } = 0.05f;

    public float L2 { get; init; } = 1e-3f;

    /// <summary>Log2 of the embedding rows; feature buckets are folded onto rows by their low bits.</summary>
    public int RowBits { get; init; } = 16;
}

/// <summary>Parameters of an embedding-bag MLP head.</summary>
internal sealed record MlpWeights(float[] Embeddings, float[] HiddenBias, float[] Output, float[] OutputBias);

/// <summary>
/// Trains an embedding-bag MLP head (sum of feature embeddings → ReLU → dense → sigmoid per label) by per-example
/// AdaGrad, L2 on the touched embedding rows. Single-threaded and deterministic given the seed.
/// </summary>
internal static class MlpTrainer
{
    public static MlpWeights Train(
        Dataset train, int bucketCount, int labelCount, MlpTrainerOptions options, int seed, Action<int, MlpWeights>? afterEpoch = null)
    {
        int hidden = options.Hidden;
        int rows = Math.Min(bucketCount, 1 << options.RowBits);
        int mask = rows - 1;
        var random = new Random(seed ^ 0x5EED);
        var e = new float[(long)rows * hidden];
        float scale = 1f / hidden;
        for (long i = 0; i < e.Length; i++)
        {
            e[i] = (float)((random.NextDouble() * 2) - 1) * scale;
        }

        var b1 = new float[hidden];
        var w2 = new float[hidden * labelCount];
        float outScale = MathF.Sqrt(6f / (hidden + labelCount));
        for (int i = 0; i < w2.Length; i++)
        {
            w2[i] = (float)((random.NextDouble() * 2) - 1) * outScale;
        }

        var b2 = new float[labelCount];
        var ge = new float[e.Length];
        ge.AsSpan().Fill(1e-2f);
        var gb1 = Enumerable.Repeat(1e-2f, hidden).ToArray();
        var gw2 = Enumerable.Repeat(1e-2f, w2.Length).ToArray();
        var gb2 = Enumerable.Repeat(1e-2f, labelCount).ToArray();

        var weights = new MlpWeights(e, b1, w2, b2);
        int[] order = Enumerable.Range(0, train.Count).ToArray();
        var h = new float[hidden];
        var dh = new float[hidden];
        var z = new float[labelCount];
        var dz = new float[labelCount];
        float lr = options.LearningRate;
        var lrV = new Vector<float>(lr);
        var l2V = new Vector<float>(options.L2);
        int width = Vector<float>.Count;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (int i in order)
            {
                ReadOnlySpan<int> buckets = train.RowBuckets(i);
                ReadOnlySpan<float> values = train.RowValues(i);
                b1.CopyTo(h, 0);
                for (int f = 0; f < buckets.Length; f++)
                {
                    var v = new Vector<float>(values[f]);
                    Span<float> row = e.AsSpan((buckets[f] & mask) * hidden, hidden);
                    for (int c = 0; c < hidden; c += width)
                    {
                        (new Vector<float>(h.AsSpan(c)) + (v * new Vector<float>(row[c..]))).CopyTo(h.AsSpan(c));
                    }
                }

                for (int c = 0; c < hidden; c++)
                {
                    h[c] = h[c] > 0f ? h[c] : 0f;
                }

                b2.CopyTo(z, 0);
                for (int c = 0; c < hidden; c++)
                {
                    float a = h[c];
                    if (a == 0f)
                    {
                        continue;
                    }

                    for (int k = 0; k < labelCount; k++)
                    {
                        z[k] += a * w2[(c * labelCount) + k];
                    }
                }

                bool[] truth = train.Labels[i];
                for (int k = 0; k < labelCount; k++)
                {
                    float p = 1f / (1f + MathF.Exp(-z[k]));
                    dz[k] = p - (truth[k] ? 1f : 0f);
                }

                // Hidden gradient (before the output layer changes).
                for (int c = 0; c < hidden; c++)
                {
                    if (h[c] == 0f)
                    {
                        dh[c] = 0f;
                        continue;
                    }

                    float s = 0f;
                    for (int k = 0; k < labelCount; k++)
                    {
                        s += w2[(c * labelCount) + k] * dz[k];
                    }

                    dh[c] = s;
                }

                // Output layer.
                for (int c = 0; c < hidden; c++)
                {
                    float a = h[c];
                    if (a == 0f)
                    {
                        continue;
                    }

                    for (int k = 0; k < labelCount; k++)
                    {
                        int idx = (c * labelCount) + k;
                        float g = a * dz[k];
                        gw2[idx] += g * g;
                        w2[idx] -= lr * g / MathF.Sqrt(gw2[idx]);
                    }
                }

                for (int k = 0; k < labelCount; k++)
                {
                    gb2[k] += dz[k] * dz[k];
                    b2[k] -= lr * dz[k] / MathF.Sqrt(gb2[k]);
                }

                for (int c = 0; c < hidden; c++)
                {
                    gb1[c] += dh[c] * dh[c];
                    b1[c] -= lr * dh[c] / MathF.Sqrt(gb1[c]);
                }

                for (int f = 0; f < buckets.Length; f++)
                {
                    var v = new Vector<float>(values[f]);
                    Span<float> row = e.AsSpan((buckets[f] & mask) * hidden, hidden);
                    Span<float> sq = ge.AsSpan((buckets[f] & mask) * hidden, hidden);
                    for (int c = 0; c < hidden; c += width)
                    {
                        var wc = new Vector<float>(row[c..]);
                        Vector<float> g = (v * new Vector<float>(dh.AsSpan(c))) + (l2V * wc);
                        Vector<float> s = new Vector<float>(sq[c..]) + (g * g);
                        s.CopyTo(sq[c..]);
                        (wc - (lrV * g / Vector.SquareRoot(s))).CopyTo(row[c..]);
                    }
                }
            }

            afterEpoch?.Invoke(epoch, weights);
        }

        return weights;
    }
}
