namespace Attune.Statistics;

/// <summary>
/// A model's place on the ladder after the final solve, rounded to 2 decimals as the reference stores it.
/// </summary>
/// <param name="Elo">Raw TrueSkill μ (solve with B = 20).</param>
/// <param name="EloNorm">μ mapped through the anchor normalisation (equal to <paramref name="Elo"/> without both anchors).</param>
/// <param name="Sigma">σ from the second solve (B = 5).</param>
/// <param name="CiLow">μ − 1.96σ.</param>
/// <param name="CiHigh">μ + 1.96σ.</param>
/// <param name="CiLowNorm">The normalised lower bound (normalisation refitted on the rounded values).</param>
/// <param name="CiHighNorm">The normalised upper bound.</param>
public sealed record LadderRating(double Elo, double EloNorm, double Sigma, double CiLow, double CiHigh, double CiLowNorm, double CiHighNorm);
