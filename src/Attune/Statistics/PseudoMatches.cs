namespace Attune.Statistics;

/// <summary>
/// A pooled judgment expanded into pseudo-matches for a TrueSkill pass (<c>bin_fraction</c>): one draw when the fraction
/// is 0.5 (within 1e-9), otherwise ⌈|f − 0.5| / (0.5 / B)⌉ wins, clamped to [1, B], for the side the fraction favours.
/// </summary>
/// <param name="FirstWins">Wins of the first side (1 for a draw).</param>
/// <param name="SecondWins">Wins of the second side (1 for a draw).</param>
public readonly record struct PseudoMatches(int FirstWins, int SecondWins)
{
    /// <summary>The bin size for ratings (<c>WIN_MARGIN_BIN_SIZE</c>).</summary>
    public const int RatingBinSize = 20;

    /// <summary>The bin size for the σ solve behind the confidence interval (<c>WIN_MARGIN_BIN_SIZE_FOR_CI</c>).</summary>
    public const int SigmaBinSize = 5;

    /// <summary>True when the expansion is one draw.</summary>
    public bool IsDraw => FirstWins == 1 && SecondWins == 1;

    /// <summary>Expands a fraction for the first side.</summary>
    /// <param name="fraction">The first side's fraction of a win (clamped to [0, 1] first).</param>
    /// <param name="binSize">B, the number of pseudo-wins a maximal margin is worth.</param>
    public static PseudoMatches FromFraction(double fraction, int binSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binSize, 1);
        double f = MarginFraction.Clamp01(fraction);
        double step = 0.5 / binSize;
        if (Math.Abs(f - 0.5) < 1e-9) return new PseudoMatches(1, 1);
        if (f > 0.5) return new PseudoMatches(Wins(f - 0.5, step, binSize), 0);
        return new PseudoMatches(0, Wins(0.5 - f, step, binSize));
    }

    private static int Wins(double margin, double step, int binSize) => (int)Math.Max(1, Math.Min(binSize, Math.Ceiling(margin / step)));
}
