namespace Attune.Statistics;

/// <summary>
/// The standard normal helpers of the Python <c>trueskill</c> package's built-in backend (<c>backends.py</c>), evaluated
/// in the same operation order so results are bit-identical: a Chebyshev-fit <c>erfc</c>, <c>cdf</c>, <c>pdf</c>, and
/// an approximate inverse (<c>erfcinv</c> refined twice, <c>ppf</c>). With this approximation <c>ppf(0.5)</c> is
/// 3.7599e-08, not 0, which gives the small non-zero draw margin the reference ratings contain.
/// </summary>
internal static class ApproximateNormal
{
    private static readonly double Sqrt2 = Math.Sqrt(2);

    /// <summary>Complementary error function (Numerical Recipes' fit, as in trueskill).</summary>
    public static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + z / 2.0);
        double r = t * TrueSkill.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
            -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x < 0 ? 2.0 - r : r;
    }

    /// <summary>Cumulative distribution function of N(0, 1).</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x / (1 * Sqrt2));

    /// <summary>Density of N(0, 1).</summary>
    public static double Pdf(double x) => 1 / Math.Sqrt(2 * Math.PI) * 1 * TrueSkill.Exp(-(TrueSkill.Pow(x / 1, 2) / 2));

    /// <summary>Inverse of <see cref="Erfc"/> (initial guess refined by two Newton steps).</summary>
    public static double ErfcInv(double y)
    {
        if (y >= 2) return -100.0;
        if (y <= 0) return 100.0;
        bool zeroPoint = y < 1;
        if (!zeroPoint) y = 2 - y;
        double t = TrueSkill.Sqrt(-2 * TrueSkill.Log(y / 2.0));
        double x = -0.70711 * ((2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t);
        for (int i = 0; i < 2; i++)
        {
            double err = Erfc(x) - y;
            x += TrueSkill.Divide(err, 1.12837916709551257 * TrueSkill.Exp(-TrueSkill.Pow(x, 2)) - x * err);
        }
        return zeroPoint ? x : -x;
    }

    /// <summary>Inverse of <see cref="Cdf"/>.</summary>
    public static double Ppf(double p) => 0 - 1 * Sqrt2 * ErfcInv(2 * p);
}
