namespace Attune.Statistics;

/// <summary>
/// A TrueSkill rating: a Gaussian belief about a player's skill. Stored, as the Python <c>trueskill</c> package stores
/// it, by precision π = σ⁻² and precision-adjusted mean τ = π·μ, so <see cref="Mu"/> and <see cref="Sigma"/> round-trip
/// exactly as they do there.
/// </summary>
public readonly record struct TrueSkillRating
{
    internal TrueSkillRating(double pi, double tau)
    {
        Pi = pi;
        Tau = tau;
    }

    /// <summary>Precision: 1/σ².</summary>
    internal double Pi { get; }

    /// <summary>Precision-adjusted mean: π·μ.</summary>
    internal double Tau { get; }

    /// <summary>The mean skill μ.</summary>
    public double Mu => Pi != 0 ? Tau / Pi : Pi;

    /// <summary>The standard deviation σ of the belief.</summary>
    public double Sigma => Pi != 0 ? Math.Sqrt(1 / Pi) : double.PositiveInfinity;

    /// <summary>Creates a rating from a mean and a standard deviation (σ must not be 0).</summary>
    /// <param name="mu">Mean skill.</param>
    /// <param name="sigma">Standard deviation.</param>
    public static TrueSkillRating Create(double mu, double sigma)
    {
        if (sigma == 0) throw new ArgumentOutOfRangeException(nameof(sigma), "sigma**2 should be greater than 0");
        double pi = TrueSkill.Pow(sigma, -2);
        return new TrueSkillRating(pi, pi * mu);
    }

    /// <inheritdoc />
    public override string ToString() => $"N(mu={Mu:F3}, sigma={Sigma:F3})";
}
