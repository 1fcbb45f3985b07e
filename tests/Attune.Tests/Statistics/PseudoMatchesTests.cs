using Attune.Statistics;

namespace Attune.Tests.Statistics;

/// <summary>TV12 of the EQ-Bench 3 spec: margin → fraction → pseudo-wins, including the floating-point quirks.</summary>
public class PseudoMatchesTests
{
    [Theory]
    [InlineData(0, 0.5, 0, 0)]
    [InlineData(1, 0.5166666666666667, 1, 1)]
    [InlineData(2, 0.5333333333333333, 2, 1)]
    [InlineData(3, 0.55, 3, 1)]
    [InlineData(4, 0.5666666666666667, 3, 1)]
    [InlineData(5, 0.5833333333333334, 4, 1)]
    [InlineData(6, 0.6, 4, 1)]
    [InlineData(7, 0.6166666666666667, 5, 2)]
    [InlineData(8, 0.6333333333333333, 6, 2)]
    [InlineData(9, 0.65, 7, 2)]
    [InlineData(10, 0.6666666666666666, 7, 2)]
    [InlineData(11, 0.6833333333333333, 8, 2)]
    [InlineData(12, 0.7, 8, 2)]
    [InlineData(15, 0.75, 10, 3)]
    [InlineData(20, 0.8333333333333333, 14, 4)]
    [InlineData(29, 0.9833333333333334, 20, 5)]
    [InlineData(30, 1.0, 20, 5)]
    [InlineData(45, 1.0, 20, 5)]
    public void TV12_MarginTable(int d, double fraction, int wins20, int wins5)
    {
        var winner = MarginFraction.Compute(1.0, d, 0);
        Assert.Equal(fraction, winner.Fraction);
        var at20 = PseudoMatches.FromFraction(winner.Fraction, 20);
        var at5 = PseudoMatches.FromFraction(winner.Fraction, 5);
        if (d == 0)
        {
            Assert.True(at20.IsDraw);
            Assert.True(at5.IsDraw);
            return;
        }
        Assert.Equal(new PseudoMatches(wins20, 0), at20);
        Assert.Equal(new PseudoMatches(wins5, 0), at5);

        // The loser's side mirrors the win count.
        var loser = MarginFraction.Compute(0.0, 0, d);
        Assert.Equal(new PseudoMatches(0, wins20), PseudoMatches.FromFraction(loser.Fraction, 20));
        Assert.Equal(new PseudoMatches(0, wins5), PseudoMatches.FromFraction(loser.Fraction, 5));
    }

    [Fact]
    public void TV12_LoserFractionForThree()
    {
        Assert.Equal(0.44999999999999996, MarginFraction.Compute(0.0, 0, 3).Fraction);
    }

    [Fact]
    public void TieIsHalfWhateverThePluses()
    {
        var tie = MarginFraction.Compute(0.5, 4, 4);
        Assert.Equal(0.5, tie.Fraction);
        Assert.Equal(0.0, tie.Difference);
    }

    [Fact]
    public void FractionsOutsideTheUnitIntervalAreClamped()
    {
        Assert.Equal(new PseudoMatches(20, 0), PseudoMatches.FromFraction(1.7, 20));
        Assert.Equal(new PseudoMatches(0, 20), PseudoMatches.FromFraction(-0.3, 20));
    }
}
