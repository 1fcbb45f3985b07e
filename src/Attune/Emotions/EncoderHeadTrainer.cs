using System.Globalization;

namespace Attune.Emotions;

/// <summary>Settings of <see cref="EncoderHeadTrainer"/>.</summary>
internal sealed record EncoderHeadOptions
{
    /// <summary>Hidden ReLU units; 0 trains a linear head (one-vs-rest logistic regression).</summary>
    public int Hidden { get; init; } = 256;

    public int Epochs { get; init; } = 20;

    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Decoupled weight decay (AdamW), per step, times the learning rate.</summary>
    public float WeightDecay { get; init; } = 1e-4f;

    public int BatchSize { get; init; } = 64;

    /// <summary>Probability of dropping a hidden unit while training.</summary>
    public float Dropout { get; init; } = 0.1f;

    /// <summary>Positive examples of a label weigh (negatives/positives)^power in the loss, at most 10 (0: unweighted).</summary>
    public float PositivePower { get; init; }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"hidden {Hidden}, epochs {Epochs}, lr {LearningRate}, weight decay {WeightDecay}, batch {BatchSize}, dropout {Dropout}, positive power {PositivePower}");
}

/// <summary>
/// Trains an <see cref="EncoderHeadModel"/>'s weights on embeddings: binary cross-entropy per label, mini-batch AdamW,
/// optional hidden ReLU layer with dropout. Single-threaded and deterministic: the same data, options and seed give the
/// same weights, bit for bit.
/// </summary>
internal static class EncoderHeadTrainer
{
    /// <summary>Trains a head; calibration is identity, thresholds 0.5 and the fast tier's weight 0 until the caller tunes them.</summary>
    /// <param name="inputs">One input row per example, all the same length: the embedding, then <paramref name="fastInputs"/> fast-tier logits already multiplied by <paramref name="fastInputScale"/>.</param>
    /// <param name="truth">One flag per label per example.</param>
    /// <param name="labels">The label names.</param>
    /// <param name="encoder">The encoder's name, stored with the head.</param>
    /// <param name="options">The settings.</param>
    /// <param name="seed">The seed of initialisation, shuffling and dropout.</param>
    /// <param name="fastInputs">How many of each row's values are fast-tier logits (0 or the label count).</param>
    /// <param name="fastInputScale">The factor those logits were multiplied by (stored with the head).</param>
    /// <param name="afterEpoch">Called after each epoch with the epoch number and the head so far.</param>
    public static EncoderHeadModel Train(
        float[][] inputs, bool[][] truth, IReadOnlyList<string> labels, string encoder, EncoderHeadOptions options, int seed, int fastInputs = 0, float fastInputScale = 1f, Action<int, EncoderHeadModel>? afterEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(truth);
        if (inputs.Length == 0 || inputs.Length != truth.Length)
        {
            throw new ArgumentException("Need at least one example and one label row per example.", nameof(truth));
        }

        int n = inputs.Length;
        int d = inputs[0].Length;
        int k = labels.Count;
        int h = options.Hidden;
        int width = h > 0 ? h : d;
        var random = new Random(seed);

        var w1 = new float[h > 0 ? d * h : 0];
        var b1 = new float[h];
        var w2 = new float[width * k];
        var b2 = new float[k];
        Initialise(w1, MathF.Sqrt(6f / (d + h)), random);
        Initialise(w2, MathF.Sqrt(6f / (width + k)), random);
        var positiveWeight = new float[k];
        for (int j = 0; j < k; j++)
        {
            int positives = truth.Count(t => t[j]);
            double prior = (positives + 1.0) / (n + 2.0);
            b2[j] = (float)Math.Log(prior / (1 - prior));
            positiveWeight[j] = (float)Math.Min(10.0, Math.Pow((n - positives + 1.0) / (positives + 1.0), options.PositivePower));
        }

        float[][] parameters = [w1, b1, w2, b2];
        float[][] gradients = parameters.Select(p => new float[p.Length]).ToArray();
        float[][] moments = parameters.Select(p => new float[p.Length]).ToArray();
        float[][] squares = parameters.Select(p => new float[p.Length]).ToArray();
        int[] order = Enumerable.Range(0, n).ToArray();
        var hidden = new float[h];
        var keep = new bool[h];
        var dz = new float[k];
        var dh = new float[h];
        var z = new float[k];
        const float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
        int step = 0;
        float keepScale = options.Dropout > 0 ? 1f / (1f - options.Dropout) : 1f;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            random.Shuffle(order);
            for (int start = 0; start < n; start += options.BatchSize)
            {
                int end = Math.Min(n, start + options.BatchSize);
                foreach (float[] g in gradients)
                {
                    Array.Clear(g);
                }

                for (int e = start; e < end; e++)
                {
                    int i = order[e];
                    float[] x = inputs[i];
                    ReadOnlySpan<float> input = x;
                    if (h > 0)
                    {
                        b1.CopyTo(hidden, 0);
                        for (int c = 0; c < d; c++)
                        {
                            FloatSpans.AddScaled(hidden, w1.AsSpan(c * h, h), x[c]);
                        }

                        for (int u = 0; u < h; u++)
                        {
                            keep[u] = hidden[u] > 0f && (options.Dropout <= 0 || random.NextSingle() >= options.Dropout);
                            hidden[u] = keep[u] ? hidden[u] * keepScale : 0f;
                        }

                        input = hidden;
                    }

                    b2.CopyTo(z, 0);
                    for (int u = 0; u < width; u++)
                    {
                        if (input[u] != 0f)
                        {
                            FloatSpans.AddScaled(z, w2.AsSpan(u * k, k), input[u]);
                        }
                    }

                    bool[] y = truth[i];
                    for (int j = 0; j < k; j++)
                    {
                        float p = 1f / (1f + MathF.Exp(-z[j]));
                        dz[j] = y[j] ? (p - 1f) * positiveWeight[j] : p;
                        gradients[3][j] += dz[j];
                    }

                    for (int u = 0; u < width; u++)
                    {
                        if (input[u] != 0f)
                        {
                            FloatSpans.AddScaled(gradients[2].AsSpan(u * k, k), dz, input[u]);
                        }
                    }

                    if (h > 0)
                    {
                        for (int u = 0; u < h; u++)
                        {
                            dh[u] = keep[u] ? Dot(w2.AsSpan(u * k, k), dz) * keepScale : 0f;
                            gradients[1][u] += dh[u];
                        }

                        for (int c = 0; c < d; c++)
                        {
                            FloatSpans.AddScaled(gradients[0].AsSpan(c * h, h), dh, x[c]);
                        }
                    }
                }

                step++;
                float count = end - start;
                float correction1 = 1f - MathF.Pow(beta1, step);
                float correction2 = 1f - MathF.Pow(beta2, step);
                float rate = options.LearningRate * MathF.Sqrt(correction2) / correction1;
                float decay = options.LearningRate * options.WeightDecay;
                for (int p = 0; p < parameters.Length; p++)
                {
                    float[] w = parameters[p], g = gradients[p], m = moments[p], v = squares[p];
                    bool decays = p is 0 or 2;
                    for (int j = 0; j < w.Length; j++)
                    {
                        float grad = g[j] / count;
                        m[j] = (beta1 * m[j]) + ((1 - beta1) * grad);
                        v[j] = (beta2 * v[j]) + ((1 - beta2) * grad * grad);
                        w[j] -= (rate * m[j] / (MathF.Sqrt(v[j]) + epsilon)) + (decays ? decay * w[j] : 0f);
                    }
                }
            }

            afterEpoch?.Invoke(epoch, Snapshot());
        }

        return Snapshot();

        EncoderHeadModel Snapshot() => new(
            encoder,
            d - fastInputs,
            labels,
            fastInputs,
            fastInputScale,
            h,
            1,
            (float[])w1.Clone(),
            (float[])b1.Clone(),
            (float[])w2.Clone(),
            (float[])b2.Clone(),
            0f,
            Enumerable.Repeat(0.5f, k).ToArray(),
            Enumerable.Repeat(1f, k).ToArray(),
            new float[k],
            $"{encoder} head; {options}; seed {seed}");
    }

    private static void Initialise(float[] weights, float limit, Random random)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = ((random.NextSingle() * 2f) - 1f) * limit;
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float sum = 0f;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
