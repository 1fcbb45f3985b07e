namespace Attune.Train;

/// <summary>Per-label precision, recall and F1 of thresholded decisions.</summary>
internal sealed record LabelMetrics(int Support, int Predicted, int TruePositives)
{
    public double Precision => Predicted == 0 ? 0 : (double)TruePositives / Predicted;

    public double Recall => Support == 0 ? 0 : (double)TruePositives / Support;

    public double F1 => Support + Predicted == 0 ? 0 : 2.0 * TruePositives / (Support + Predicted);
}

/// <summary>Threshold tuning and F1 over probability matrices (rows × labels).</summary>
internal static class Evaluation
{
    /// <summary>Bootstrap resamples used by <see cref="TuneThresholds"/>; 0 tunes once on the rows themselves.</summary>
    public static int BootstrapRounds { get; set; }

    /// <summary>
    /// Per-label thresholds that maximise F1 on the given rows; with <see cref="BootstrapRounds"/> &gt; 0, the median of
    /// the thresholds tuned on that many bootstrap resamples of the rows (less sensitive to a few rare positives).
    /// </summary>
    /// <param name="grid">When positive, thresholds are restricted to multiples of this step.</param>
    public static float[] TuneThresholds(float[][] probabilities, bool[][] truth, IReadOnlyList<int> rows, double grid)
    {
        if (BootstrapRounds <= 0)
        {
            return TuneOnce(probabilities, truth, rows, grid);
        }

        var random = new Random(rows.Count * 7919);
        int labelCount = truth[0].Length;
        var samples = new float[labelCount][];
        for (int k = 0; k < labelCount; k++)
        {
            samples[k] = new float[BootstrapRounds];
        }

        var resample = new int[rows.Count];
        for (int b = 0; b < BootstrapRounds; b++)
        {
            for (int i = 0; i < resample.Length; i++)
            {
                resample[i] = rows[random.Next(rows.Count)];
            }

            float[] t = TuneOnce(probabilities, truth, resample, grid);
            for (int k = 0; k < labelCount; k++)
            {
                samples[k][b] = t[k];
            }
        }

        var result = new float[labelCount];
        for (int k = 0; k < labelCount; k++)
        {
            Array.Sort(samples[k]);
            result[k] = samples[k][BootstrapRounds / 2];
        }

        return result;
    }

    private static float[] TuneOnce(float[][] probabilities, bool[][] truth, IReadOnlyList<int> rows, double grid)
    {
        int labelCount = truth[0].Length;
        var thresholds = new float[labelCount];
        for (int k = 0; k < labelCount; k++)
        {
            var pairs = rows.Select(i => (Score: probabilities[i][k], Positive: truth[i][k]))
                .OrderByDescending(p => p.Score)
                .ToArray();
            int positives = pairs.Count(p => p.Positive);
            if (positives == 0)
            {
                thresholds[k] = 1f;
                continue;
            }

            if (grid > 0)
            {
                double bestF1 = -1;
                float best = 0.5f;
                int steps = (int)Math.Round(1.0 / grid);
                for (int s = 1; s < steps; s++)
                {
                    float t = (float)(s * grid);
                    int tp = 0, predicted = 0;
                    foreach ((float score, bool positive) in pairs)
                    {
                        if (score < t)
                        {
                            break;
                        }

                        predicted++;
                        tp += positive ? 1 : 0;
                    }

                    double f1 = 2.0 * tp / (positives + predicted);
                    if (f1 > bestF1)
                    {
                        bestF1 = f1;
                        best = t;
                    }
                }

                thresholds[k] = best;
                continue;
            }

            {
                double bestF1 = -1;
                float best = 1f;
                int tp = 0;
                for (int i = 0; i < pairs.Length; i++)
                {
                    tp += pairs[i].Positive ? 1 : 0;
                    if (i + 1 < pairs.Length && pairs[i + 1].Score == pairs[i].Score)
                    {
                        continue;
                    }

                    double f1 = 2.0 * tp / (positives + i + 1);
                    if (f1 > bestF1)
                    {
                        bestF1 = f1;
                        best = i + 1 < pairs.Length ? (pairs[i].Score + pairs[i + 1].Score) / 2f : pairs[i].Score;
                    }
                }

                thresholds[k] = Math.Clamp(best, 0f, 1f);
            }
        }

        return thresholds;
    }

    /// <summary>Metrics of each label when the row's decisions use the thresholds of <paramref name="thresholdsOf"/>(row).</summary>
    public static LabelMetrics[] Evaluate(float[][] probabilities, bool[][] truth, IReadOnlyList<int> rows, Func<int, float[]> thresholdsOf)
    {
        int labelCount = truth[0].Length;
        var support = new int[labelCount];
        var predicted = new int[labelCount];
        var tp = new int[labelCount];
        foreach (int i in rows)
        {
            float[] thresholds = thresholdsOf(i);
            for (int k = 0; k < labelCount; k++)
            {
                bool p = probabilities[i][k] >= thresholds[k];
                support[k] += truth[i][k] ? 1 : 0;
                predicted[k] += p ? 1 : 0;
                tp[k] += p && truth[i][k] ? 1 : 0;
            }
        }

        return Enumerable.Range(0, labelCount).Select(k => new LabelMetrics(support[k], predicted[k], tp[k])).ToArray();
    }

    /// <summary>
    /// Mean macro-F1 over <paramref name="repeats"/> random half splits of the rows: thresholds tuned on one half, F1 of
    /// the whole set with each half decided by the other half's thresholds. Less noisy than a single split.
    /// </summary>
    public static double RepeatedCrossTunedMacroF1(float[][] probabilities, bool[][] truth, int repeats, double grid)
    {
        var random = new Random(20240611);
        int n = truth.Length;
        double sum = 0;
        for (int r = 0; r < repeats; r++)
        {
            int[] order = Enumerable.Range(0, n).ToArray();
            random.Shuffle(order);
            int[] a = order[..(n / 2)];
            int[] b = order[(n / 2)..];
            float[] ta = TuneThresholds(probabilities, truth, a, grid);
            float[] tb = TuneThresholds(probabilities, truth, b, grid);
            var inA = new bool[n];
            foreach (int i in a)
            {
                inA[i] = true;
            }

            sum += MacroF1(Evaluate(probabilities, truth, Enumerable.Range(0, n).ToArray(), i => inA[i] ? tb : ta));
        }

        return sum / repeats;
    }

    public static double MacroF1(LabelMetrics[] metrics) => metrics.Average(m => m.F1);

    public static double MicroF1(LabelMetrics[] metrics)
    {
        int tp = metrics.Sum(m => m.TruePositives);
        int denominator = metrics.Sum(m => m.Support + m.Predicted);
        return denominator == 0 ? 0 : 2.0 * tp / denominator;
    }
}
