namespace Attune.Statistics;

/// <summary>Percentile bootstrap intervals, deterministic for a given seed.</summary>
public static class Bootstrap
{
    /// <summary>Default number of resamples.</summary>
    public const int DefaultResamples = 10_000;

    /// <summary>A percentile bootstrap confidence interval of the mean of <paramref name="values"/>.</summary>
    /// <returns>(lower, upper); both NaN when there are no values.</returns>
    public static (double Lower, double Upper) MeanInterval(IReadOnlyList<double> values, double level = 0.95, int resamples = DefaultResamples, int seed = 42)
    {
        if (values.Count == 0) return (double.NaN, double.NaN);
        if (values.Count == 1) return (values[0], values[0]);
        var rng = new Random(seed);
        var means = new double[resamples];
        for (int b = 0; b < resamples; b++)
        {
            double sum = 0;
            for (int i = 0; i < values.Count; i++) sum += values[rng.Next(values.Count)];
            means[b] = sum / values.Count;
        }
        Array.Sort(means);
        double alpha = (1 - level) / 2;
        return (Percentile(means, alpha), Percentile(means, 1 - alpha));
    }

    /// <summary>Linear-interpolated percentile of sorted values (q in 0..1).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return double.NaN;
        double pos = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
    }
}
