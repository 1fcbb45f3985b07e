namespace Attune.Statistics;

/// <summary>
/// A paired comparison of two runs over the items both answered: mean difference (B − A), its bootstrap 95% CI, and
/// a two-sided sign-flip permutation test (exact when there are at most 20 pairs, else 20,000 seeded random flips).
/// </summary>
/// <param name="Pairs">Number of items both runs scored.</param>
/// <param name="MeanDifference">Mean of B − A.</param>
/// <param name="Lower">Lower bound of the 95% CI of the mean difference.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="PValue">Two-sided p-value of the paired permutation test (H0: no difference).</param>
/// <param name="BetterInB">Items where B scored higher.</param>
/// <param name="BetterInA">Items where A scored higher.</param>
public sealed record PairedComparison(int Pairs, double MeanDifference, double Lower, double Upper, double PValue, int BetterInB, int BetterInA)
{
    /// <summary>Compares paired values (same order, same items).</summary>
    public static PairedComparison Compute(IReadOnlyList<double> a, IReadOnlyList<double> b, int seed = 42)
    {
        if (a.Count != b.Count) throw new ArgumentException("paired lists differ in length");
        var diffs = a.Zip(b, (x, y) => y - x).ToArray();
        if (diffs.Length == 0) return new PairedComparison(0, double.NaN, double.NaN, double.NaN, double.NaN, 0, 0);
        double mean = diffs.Average();
        var (lo, hi) = Bootstrap.MeanInterval(diffs, seed: seed);
        return new PairedComparison(diffs.Length, mean, lo, hi, SignFlipP(diffs, seed), diffs.Count(d => d > 0), diffs.Count(d => d < 0));
    }

    private static double SignFlipP(double[] diffs, int seed)
    {
        double observed = Math.Abs(diffs.Sum());
        const double eps = 1e-12;
        if (diffs.Length <= 20)
        {
            int n = diffs.Length, extreme = 0, total = 1 << n;
            for (int mask = 0; mask < total; mask++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += ((mask >> i) & 1) == 1 ? -diffs[i] : diffs[i];
                if (Math.Abs(s) >= observed - eps) extreme++;
            }
            return extreme / (double)total;
        }
        var rng = new Random(seed);
        const int flips = 20_000;
        int count = 0;
        for (int f = 0; f < flips; f++)
        {
            double s = 0;
            for (int i = 0; i < diffs.Length; i++) s += rng.Next(2) == 0 ? diffs[i] : -diffs[i];
            if (Math.Abs(s) >= observed - eps) count++;
        }
        return (count + 1) / (double)(flips + 1);
    }
}
