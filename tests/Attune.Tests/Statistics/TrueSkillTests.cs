using Attune.Statistics;

namespace Attune.Tests.Statistics;

/// <summary>TV15 of the EQ-Bench 3 spec (single updates), against trueskill 0.4.5 with its built-in backend.</summary>
public class TrueSkillTests
{
    private static readonly TrueSkill Env = new(mu: 1200, sigma: 350.0 / 3, beta: 350.0 / 6, tau: 0.0, drawProbability: 0.0);

    [Fact]
    public void TV15_DrawMarginIsTheApproximationsNonZeroValue()
    {
        Assert.Equal(3.101774665236693e-06, Env.DrawMargin);
    }

    [Fact]
    public void TV15_WinBetweenEqualPlayers()
    {
        var (winner, loser) = Env.Rate1Vs1(Env.CreateRating(), Env.CreateRating());
        Assert.Equal(1258.873091204143, winner.Mu);
        Assert.Equal(100.72273981690624, winner.Sigma);
        Assert.Equal(1141.126908795857, loser.Mu);
        Assert.Equal(100.72273981690624, loser.Sigma);
    }

    [Fact]
    public void TV15_DrawBetweenEqualPlayersRaisesSigma()
    {
        var (a, b) = Env.Rate1Vs1(Env.CreateRating(), Env.CreateRating(), drawn: true);
        Assert.Equal(1200.0, a.Mu);
        Assert.Equal(134.22269315706515, a.Sigma);
        Assert.Equal(1200.0, b.Mu);
        Assert.Equal(134.22269315706515, b.Sigma);
    }

    [Fact]
    public void TV15_WinThenDraw()
    {
        var (w, l) = Env.Rate1Vs1(Env.CreateRating(), Env.CreateRating());
        var (a, b) = Env.Rate1Vs1(w, l, drawn: true);
        Assert.Equal(1214.786987233121, a.Mu);
        Assert.Equal(79.66548056895698, a.Sigma);
        Assert.Equal(1185.213012766879, b.Mu);
        Assert.Equal(79.66548056895698, b.Sigma);
    }

    [Fact]
    public void TV15_ThreeConsecutiveWins()
    {
        var (w, l) = (Env.CreateRating(), Env.CreateRating());
        for (int i = 0; i < 3; i++) (w, l) = Env.Rate1Vs1(w, l);
        Assert.Equal(1297.8166956386733, w.Mu);
        Assert.Equal(85.97231939035066, w.Sigma);
        Assert.Equal(1102.1833043613267, l.Mu);
        Assert.Equal(85.97231939035066, l.Sigma);
    }

    [Fact]
    public void ExactBitsOfAWin()
    {
        var (winner, _) = Env.Rate1Vs1(Env.CreateRating(), Env.CreateRating());
        Assert.Equal("1258.873091204143", winner.Mu.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
    }
}
