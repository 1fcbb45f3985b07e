using System.Numerics;

namespace Attune.Train;

/// <summary>Settings of <see cref="LinearTrainer"/>.</summary>
internal sealed record LinearTrainerOptions
{
    public int Epochs { get; init; } = 8;

    public float LearningRate { get; init; } = 0.2f;

    public float L2 { get; init; } = 1e-5f;

    /// <summary>Positive examples of label k weigh (negatives/positives)^power, capped at <see cref="MaxPositiveWeight"/>.</summary>
    public float PositiveWeightPower { get; init; } = 0.5f;

    public float MaxPositiveWeight { get; init; } = 10f;

    /// <summary>When positive, the returned weights are the mean of the weights at the end of the last this-many epochs.</summary>
    public int AverageLastEpochs { get; init; }
}

/// <summary>
/// One-vs-rest logistic regression over hashed features, trained by per-example AdaGrad with L2 on the touched rows.
/// Single-threaded and deterministic given the seed.
/// </summary>
internal static class LinearTrainer
{
    public const int Stride = 32;

    /// <summary>Trains and returns weights (bucketCount × Stride, padded) and biases (Stride, padded).</summary>
    public static (float[] Weights, float[] Bias) Train(
        Dataset train, int bucketCount, int labelCount, LinearTrainerOptions options, int seed, Action<int, float[], float[]>? afterEpoch = null)
    {
        if (labelCount > Stride)
        {
            throw new ArgumentOutOfRangeException(nameof(labelCount));
        }

        var weights = new float[(long)bucketCount * Stride];
        var bias = new float[Stride];
        var squares = new float[(long)bucketCount * Stride];
        var biasSquares = new float[Stride];
        squares.AsSpan().Fill(1e-2f);
        biasSquares.AsSpan().Fill(1e-2f);

        var positiveWeight = new float[Stride];
        for (int k = 0; k < labelCount; k++)
        {
            int positives = train.Labels.Count(l => l[k]);
            double ratio = (double)(train.Count - positives) / Math.Max(1, positives);
            positiveWeight[k] = (float)Math.Min(options.MaxPositiveWeight, Math.Pow(ratio, options.PositiveWeightPower));
        }

        var random = new Random(seed);
        int[] order = Enumerable.Range(0, train.Count).ToArray();
        var logits = new float[Stride];
        var gradient = new float[Stride];
        int width = Vector<float>.Count;
        var lr = new Vector<float>(options.LearningRate);
        var l2 = new Vector<float>(options.L2);
        float[]? averageWeights = null;
        float[]? averageBias = null;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (int i in order)
            {
                ReadOnlySpan<int> buckets = train.RowBuckets(i);
                ReadOnlySpan<float> values = train.RowValues(i);
                bias.CopyTo(logits, 0);
                for (int f = 0; f < buckets.Length; f++)
                {
                    var v = new Vector<float>(values[f]);
                    Span<float> w = weights.AsSpan(buckets[f] * Stride, Stride);
                    for (int c = 0; c < Stride; c += width)
                    {
                        (new Vector<float>(logits.AsSpan(c)) + (v * new Vector<float>(w[c..]))).CopyTo(logits.AsSpan(c));
                    }
                }

                bool[] truth = train.Labels[i];
                for (int k = 0; k < Stride; k++)
                {
                    if (k >= labelCount)
                    {
                        gradient[k] = 0f;
                        continue;
                    }

                    float p = 1f / (1f + MathF.Exp(-logits[k]));
                    gradient[k] = truth[k] ? (p - 1f) * positiveWeight[k] : p;
                }

                // Bias.
                for (int k = 0; k < labelCount; k++)
                {
                    float g = gradient[k];
                    biasSquares[k] += g * g;
                    bias[k] -= options.LearningRate * g / MathF.Sqrt(biasSquares[k]);
                }

                for (int f = 0; f < buckets.Length; f++)
                {
                    var v = new Vector<float>(values[f]);
                    Span<float> w = weights.AsSpan(buckets[f] * Stride, Stride);
                    Span<float> s = squares.AsSpan(buckets[f] * Stride, Stride);
                    for (int c = 0; c < Stride; c += width)
                    {
                        var wc = new Vector<float>(w[c..]);
                        Vector<float> g = (v * new Vector<float>(gradient.AsSpan(c))) + (l2 * wc);
                        Vector<float> sc = new Vector<float>(s[c..]) + (g * g);
                        sc.CopyTo(s[c..]);
                        (wc - (lr * g / Vector.SquareRoot(sc))).CopyTo(w[c..]);
                    }
                }
            }

            afterEpoch?.Invoke(epoch, weights, bias);
            if (options.AverageLastEpochs > 0 && epoch > options.Epochs - options.AverageLastEpochs)
            {
                averageWeights ??= new float[weights.Length];
                averageBias ??= new float[bias.Length];
                float share = 1f / options.AverageLastEpochs;
                for (long j = 0; j < weights.Length; j++)
                {
                    averageWeights[j] += share * weights[j];
                }

                for (int k = 0; k < bias.Length; k++)
                {
                    averageBias[k] += share * bias[k];
                }
            }
        }

        return averageWeights is null ? (weights, bias) : (averageWeights, averageBias!);
    }
}
