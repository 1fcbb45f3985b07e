using System.Text.Json;
using Attune.Suites.Eq;

namespace Attune.Tests.Suites.Eq;

public class EqScoringTests
{
    [SharedFact]
    public void ScaledDifference_matches_reference_formula_points()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.EqVectors));
        foreach (var point in doc.RootElement.GetProperty("formula_points").EnumerateArray())
        {
            double d = point.GetProperty("abs_diff").GetDouble();
            double expected = point.GetProperty("scaled_difference").GetDouble();
            Assert.Equal(expected, EqScoring.ScaledDifference(d), 12);
        }
    }

    [Fact]
    public void Fullscale_exact_answer_scores_ten()
    {
        var map = EqTestData.Map(("Remorseful", "0"), ("Indifferent", "6"), ("Affectionate", "0"), ("Annoyed", "7"));
        Assert.Equal(10.0, EqScoring.ScoreFullscale(EqTestData.Fullscale, map));
    }

    [Fact]
    public void Fullscale_uses_s_curve_and_is_not_clamped()
    {
        var map = EqTestData.Map(("Remorseful", "10"), ("Indifferent", "0"), ("Affectionate", "10"), ("Annoyed", "0"));
        // differences 10, 6, 10, 7 are all above 5: taken as they are
        Assert.Equal(10 - (33 * 0.7477), EqScoring.ScoreFullscale(EqTestData.Fullscale, map)!.Value, 12);
        var near = EqTestData.Map(("Remorseful", "1"), ("Indifferent", "6"), ("Affectionate", "0"), ("Annoyed", "7"));
        Assert.Equal(10 - (6.5 * (1 / (1 + Math.Pow(Math.E, -1.2 * (1 - 4)))) * 0.7477), EqScoring.ScoreFullscale(EqTestData.Fullscale, near)!.Value, 12);
    }

    [Fact]
    public void Wrong_names_or_count_give_no_score()
    {
        var five = EqTestData.Map(("Remorseful", "0"), ("Indifferent", "6"), ("Affectionate", "0"), ("Annoyed", "7"), ("Score", "3"));
        var lower = EqTestData.Map(("remorseful", "0"), ("Indifferent", "6"), ("Affectionate", "0"), ("Annoyed", "7"));
        Assert.Null(EqScoring.ScoreFullscale(EqTestData.Fullscale, five));
        Assert.Null(EqScoring.ScoreFullscale(EqTestData.Fullscale, lower));
        Assert.Null(EqScoring.ScoreV1(EqTestData.V1Reference, five));
    }

    [Fact]
    public void V1_normalises_to_ten_and_rejects_all_zero()
    {
        var map = EqTestData.Map(("Remorseful", "4"), ("Indifferent", "6"), ("Affectionate", "0"), ("Annoyed", "10"));
        // normalised: 2, 3, 0, 5 → exact
        Assert.Equal(10.0, EqScoring.ScoreV1(EqTestData.V1Reference, map)!.Value, 12);
        var zeros = EqTestData.Map(("Remorseful", "0"), ("Indifferent", "0"), ("Affectionate", "0"), ("Annoyed", "0"));
        Assert.Null(EqScoring.ScoreV1(EqTestData.V1Reference, zeros));
        Assert.Equal(10 - (0 * 0.7477) - 0.7477 * (0 + 6 + 0 + 7 > 5 ? 6 + 7 : 0), EqScoring.ScoreFullscale(EqTestData.Fullscale, zeros)!.Value, 12);
    }

    [Fact]
    public void Unconvertible_value_throws_like_python_float()
    {
        var map = EqTestData.Map(("Remorseful", "0"), ("Indifferent", "6,5"), ("Affectionate", "0"), ("Annoyed", "7"));
        Assert.Throws<EqValueException>(() => EqScoring.ScoreFullscale(EqTestData.Fullscale, map));
        Assert.Throws<EqValueException>(() => EqScoring.ScoreV1(EqTestData.V1Reference, map));
    }

    [Theory]
    [InlineData(77.495, 77.5)]
    [InlineData(0.125, 0.12)]
    [InlineData(0.375, 0.38)]
    [InlineData(2.675, 2.67)]
    [InlineData(-47.5, -47.5)]
    [InlineData(33.264999999, 33.26)]
    [InlineData(1e-9, 0.0)]
    public void Python_round_is_correctly_rounded_half_even(double x, double expected)
        => Assert.Equal(expected, PythonCompat.Round(x, 2));
}
