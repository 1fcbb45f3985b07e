using Attune.Statistics;

namespace Attune.Tests.Statistics;

/// <summary>TV13 of the EQ-Bench 3 spec: matchup selection, even spacing, Python's Random(42), the rank window.</summary>
public class MatchupScheduleTests
{
    private static readonly MatchupStage Anchors = MatchupSchedule.Stages[0];

    private static MatchupStage Tiers(int samples) => new(2, [1, 2, 3], samples);

    [Fact]
    public void TV13_MersenneTwisterMatchesPythonRandom42()
    {
        var rng = new PythonRandom(42);
        Assert.Equal(2746317213u, rng.NextUInt32());
        Assert.Equal(478163327u, rng.NextUInt32());
        Assert.Equal(107420369u, rng.NextUInt32());
    }

    [Fact]
    public void TV13_FirstJitterForSteps1To12()
    {
        int[] expected = [-1, 1, -2, -2, 2, 2, -3, -3, -4, 5, 4, 4];
        for (int step = 1; step <= 12; step++) Assert.Equal(expected[step - 1], MatchupSchedule.StageOneJitter(step));
    }

    [Theory]
    [InlineData(40, 20, new[] { 1, 5, 9, 13, 17, 21, 25, 29, 33, 37 })]
    [InlineData(30, 0, new[] { 3, 6, 9, 12, 15, 18, 21, 24, 27 })]
    [InlineData(12, 5, new[] { 0, 2, 4, 6, 8, 10 })]
    [InlineData(2, 0, new[] { 1 })]
    [InlineData(45, 44, new[] { 4, 9, 14, 19, 24, 29, 34, 39 })]
    public void TV13_StageOneAnchors(int ladderLength, int rank, int[] expected)
    {
        Assert.Equal(expected, MatchupSchedule.PickOpponents(rank, ladderLength, Anchors));
    }

    [Fact]
    public void StageOneWithALoneModelPicksNobody()
    {
        Assert.Empty(MatchupSchedule.PickOpponents(0, 1, Anchors));
    }

    [Theory]
    [InlineData(20, 40, 4, new[] { 17, 18, 19, 21, 22 })]
    [InlineData(20, 40, 8, new[] { 17, 18, 19, 21, 22, 23 })]
    [InlineData(0, 40, 24, new[] { 1, 2, 3 })]
    [InlineData(39, 40, 9999, new[] { 36, 37, 38 })]
    [InlineData(1, 3, 4, new[] { 0, 2 })]
    public void TV13_LaterStages(int rank, int ladderLength, int samples, int[] expected)
    {
        Assert.Equal(expected, MatchupSchedule.PickOpponents(rank, ladderLength, Tiers(samples)));
    }

    [Fact]
    public void TV13_EvenSpacing()
    {
        Assert.Equal([4, 8, 12], MatchupSchedule.EvenlySpaced([4, 5, 8, 10, 11, 12], 3));
        Assert.Equal([17, 23], MatchupSchedule.EvenlySpaced([17, 18, 19, 21, 22, 23], 2));
        Assert.Equal([0, 3, 6, 9], MatchupSchedule.EvenlySpaced(Enumerable.Range(0, 10).ToList(), 4));
        Assert.Empty(MatchupSchedule.EvenlySpaced([1, 2], 0));
        Assert.Equal([1], MatchupSchedule.EvenlySpaced([1, 2], 1));
        Assert.Equal([1, 2], MatchupSchedule.EvenlySpaced([1, 2], 5));
    }

    [Fact]
    public void TV13_RankWindow()
    {
        var snapshot = Enumerable.Range(0, 40).Select(i => new KeyValuePair<string, double>($"m{i}", 1000 + 10 * i)).ToList();
        PairwiseRecord R(string a, string b) => new(a, b, "1", "1", 1, 0);
        var kept = MatchupSchedule.WithinRankWindow([R("m0", "m16"), R("m39", "m23"), R("m0", "m17"), R("zz", "m1")], snapshot);
        Assert.Equal([R("m0", "m16"), R("m39", "m23")], kept);
    }

    [Fact]
    public void PairCaps()
    {
        Assert.Equal(1, MatchupSchedule.PairCap(Anchors, 7));
        Assert.Equal(8, MatchupSchedule.PairCap(Tiers(8), 1));
        Assert.Equal(4, MatchupSchedule.PairCap(Tiers(8), 2));
        Assert.Equal(2, MatchupSchedule.PairCap(Tiers(8), 3));
        Assert.Equal(1, MatchupSchedule.PairCap(Tiers(2), 3));
    }

    [Fact]
    public void LadderIsAscendingAndStableOnTies()
    {
        var ladder = MatchupSchedule.Ladder([new("b", 1300), new("a", 1200), new("c", 1200)]);
        Assert.Equal(["a", "c", "b"], ladder);
    }

    [Fact]
    public void ScheduleHasTheSixStages()
    {
        Assert.Equal([10, 4, 8, 16, 24, 9999], MatchupSchedule.Stages.Select(s => s.Samples));
        Assert.True(MatchupSchedule.Stages[0].IsAnchorStage);
        Assert.All(MatchupSchedule.Stages.Skip(1), s => Assert.Equal([1, 2, 3], s.RadiusTiers));
    }

    [Fact]
    public void PlanAddsTheTestModelAndOrdersOpponentsByRank()
    {
        var snapshot = new Dictionary<string, double> { ["a"] = 1000, ["b"] = 1100, ["c"] = 1300, ["d"] = 1400 };
        var (rank, opponents) = MatchupSchedule.PlanLoop(snapshot, "new", MatchupSchedule.Stages[1]);
        Assert.Equal(2, rank);
        Assert.Equal([("a", 0, 2, 2), ("b", 1, 1, 4), ("c", 3, 1, 4), ("d", 4, 2, 2)], opponents.Select(o => (o.Model, o.Rank, o.Depth, o.PairCap)));
        Assert.True(MatchupSchedule.IsStable(2, new Dictionary<string, double>(snapshot) { ["new"] = 1250 }, "new"));
        Assert.False(MatchupSchedule.IsStable(2, new Dictionary<string, double>(snapshot) { ["new"] = 1350 }, "new"));
    }

    [Fact]
    public void FirstModelAloneHasNoOpponents()
    {
        var (rank, opponents) = MatchupSchedule.PlanLoop([], "first", MatchupSchedule.Stages[0]);
        Assert.Equal(0, rank);
        Assert.Empty(opponents);
    }
}
