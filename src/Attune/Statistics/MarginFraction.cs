namespace Attune.Statistics;

/// <summary>
/// A pairwise judgment's margin turned into a fraction of a win, as the EQ-Bench 3 reference computes it
/// (<c>compute_fraction_for_test</c>): d = |a − b|, dn = min(d / 30, 1), margin = dn / 2 + 0.5, and the fraction is the
/// margin for a win, 1 − margin for a loss, 0.5 for a tie, clamped to [0, 1]. Computed in that exact order, so the
/// doubles equal the reference's.
/// </summary>
/// <param name="Fraction">The share of a win credited to the first side, in [0, 1].</param>
/// <param name="Difference">|plusA − plusB|.</param>
/// <param name="Normalized">min(Difference / 30, 1).</param>
/// <param name="Blended">The reference's blend of <see cref="Normalized"/>; it returns its input unchanged.</param>
public readonly record struct MarginFraction(double Fraction, double Difference, double Normalized, double Blended)
{
    /// <summary>The plus difference at which the margin is maximal (<c>MAX_POSSIBLE_DIFF</c>).</summary>
    public const double MaxPossibleDifference = 30;

    /// <summary>Computes the fraction for the first side.</summary>
    /// <param name="outcome">1 if the first side won, 0 if it lost, 0.5 for a tie.</param>
    /// <param name="plusFirst">The first side's plus total.</param>
    /// <param name="plusSecond">The second side's plus total.</param>
    public static MarginFraction Compute(double outcome, double plusFirst, double plusSecond)
    {
        double diff = Math.Abs(plusFirst - plusSecond);
        double norm = diff / MaxPossibleDifference;
        norm = 1.0 < norm ? 1.0 : norm;
        double blended = norm;
        double margin = blended / 2.0 + 0.5;
        double fraction = outcome == 0.5 ? 0.5 : outcome == 1.0 ? margin : 1.0 - margin;
        return new MarginFraction(Clamp01(fraction), diff, norm, blended);
    }

    /// <summary>Python's <c>max(0.0, min(1.0, x))</c> (NaN becomes 1.0, as there).</summary>
    internal static double Clamp01(double x)
    {
        double upper = x < 1.0 ? x : 1.0;
        return upper > 0.0 ? upper : 0.0;
    }
}
