using Attune.Statistics;

namespace Attune.Tests.Statistics;

/// <summary>TV9–TV11 pooling, TV14 normalisation and the TV15 mini solve of the EQ-Bench 3 spec.</summary>
public class TrueSkillLadderTests
{
    private static PairwiseRecord R(string test, string other, string item, double plusTest, double plusOther, string iteration = "1") =>
        new(test, other, item, iteration, plusTest, plusOther);

    // TV15 groups: (m-a, m-b, "1"): m-b as test with 10/2 and 8/3 → m-a 5, m-b 18; (m-b, m-c, "2"): m-c as test with 3/3
    // and 2/4 → m-b 7, m-c 5; (m-a, m-c, "404"): 1/0 and 0/1 → draw.
    private static readonly PairwiseRecord[] Mini =
    [
        R("m-b", "m-a", "1", 10, 2), R("m-b", "m-a", "1", 8, 3),
        R("m-c", "m-b", "2", 3, 3), R("m-c", "m-b", "2", 2, 4),
        R("m-a", "m-c", "404", 1, 0), R("m-a", "m-c", "404", 0, 1),
    ];

    private static readonly string[] Models = ["m-a", "m-b", "m-c", "m-d"];

    [Fact]
    public void TV15_MiniSolvePooling()
    {
        var pooled = TrueSkillLadder.Pool(Mini);
        Assert.Equal(3, pooled.Count);
        Assert.Equal(("m-a", "m-b", 0.2833333333333333), (pooled[0].First, pooled[0].Second, pooled[0].Fraction));
        Assert.Equal(new PseudoMatches(0, 9), PseudoMatches.FromFraction(pooled[0].Fraction, 20));
        Assert.Equal(new PseudoMatches(0, 3), PseudoMatches.FromFraction(pooled[0].Fraction, 5));
        Assert.Equal(0.5333333333333333, pooled[1].Fraction);
        Assert.Equal(new PseudoMatches(2, 0), PseudoMatches.FromFraction(pooled[1].Fraction, 20));
        Assert.Equal(new PseudoMatches(1, 0), PseudoMatches.FromFraction(pooled[1].Fraction, 5));
        Assert.True(PseudoMatches.FromFraction(pooled[2].Fraction, 20).IsDraw);
    }

    [Fact]
    public void TV15_MiniSolveMuAndSigma()
    {
        var mu = TrueSkillLadder.Solve(Models, Mini, 20);
        var sigma = TrueSkillLadder.Solve(Models, Mini, 5);
        Assert.Equal(1091.4669, mu["m-a"].Mu, 4);
        Assert.Equal(1346.9577, mu["m-b"].Mu, 4);
        Assert.Equal(1117.8313, mu["m-c"].Mu, 4);
        Assert.Equal(1200.0, mu["m-d"].Mu);
        Assert.Equal(71.8703, sigma["m-a"].Sigma, 4);
        Assert.Equal(80.1780, sigma["m-b"].Sigma, 4);
        Assert.Equal(77.3613, sigma["m-c"].Sigma, 4);
        Assert.Equal(116.6667, sigma["m-d"].Sigma, 4);
    }

    [Fact]
    public void TV15_MiniSolveFinalRatings()
    {
        var rated = TrueSkillLadder.Rate(Models, Mini);
        Assert.Equal(new LadderRating(1091.47, 1091.47, 71.87, 950.6, 1232.33, 950.6, 1232.33), rated["m-a"]);
        Assert.Equal(new LadderRating(1346.96, 1346.96, 80.18, 1189.81, 1504.11, 1189.81, 1504.11), rated["m-b"]);
        Assert.Equal(new LadderRating(1117.83, 1117.83, 77.36, 966.2, 1269.46, 966.2, 1269.46), rated["m-c"]);
        Assert.Equal(new LadderRating(1200.0, 1200.0, 116.67, 971.33, 1428.67, 971.33, 1428.67), rated["m-d"]);
    }

    [Fact]
    public void TV15_TheSinglePassDependsOnOrder()
    {
        var reversed = Mini.Chunk(2).Reverse().SelectMany(g => g).ToArray();
        var mu = TrueSkillLadder.Solve(Models, reversed, 20);
        Assert.Equal(1078.7651, mu["m-a"].Mu, 4);
        Assert.Equal(1350.2265, mu["m-b"].Mu, 4);
        Assert.Equal(1098.0392, mu["m-c"].Mu, 4);
    }

    [Fact]
    public void TV15_NormalisedWithAnchorNames()
    {
        string Rename(string m) => m switch { "m-b" => "o3", "m-a" => "meta-llama/llama-3.2-1b-instruct", _ => m };
        var renamed = Mini.Select(r => r with { TestModel = Rename(r.TestModel), OtherModel = Rename(r.OtherModel) }).ToList();
        var rated = TrueSkillLadder.Rate(Models.Select(Rename), renamed);
        Assert.Equal(334.15, rated["m-c"].EloNorm);
        Assert.Equal(752.24, rated["m-d"].EloNorm);
        Assert.Equal(1500, rated["o3"].EloNorm);
    }

    [Fact]
    public void SingleModelGets1200AndNoError()
    {
        var rated = TrueSkillLadder.Rate(["only"], []);
        Assert.Equal(new LadderRating(1200.0, 1200.0, 116.67, 971.33, 1428.67, 971.33, 1428.67), rated["only"]);
    }

    [Fact]
    public void TV9_SamePlusStringsInBothOrdersPoolToOneDraw()
    {
        // Forward: test 3, other 1; reversed (after mapping back): test 1, other 3.
        var pooled = TrueSkillLadder.Pool([R("t", "o", "1", 3, 1), R("t", "o", "1", 1, 3)]);
        Assert.Single(pooled);
        Assert.Equal(0.5, pooled[0].Fraction);
        Assert.True(PseudoMatches.FromFraction(pooled[0].Fraction, 20).IsDraw);
        Assert.True(PseudoMatches.FromFraction(pooled[0].Fraction, 5).IsDraw);
    }

    [Fact]
    public void TV10_FullPairPooledForTheSmallerName()
    {
        var pooled = TrueSkillLadder.Pool([R("model-x", "model-y", "3", 15, 1), R("model-x", "model-y", "3", 12, 1)]);
        Assert.Equal("model-x", pooled[0].First);
        Assert.Equal(0.9166666666666667, pooled[0].Fraction);
        Assert.Equal(new PseudoMatches(17, 0), PseudoMatches.FromFraction(pooled[0].Fraction, 20));
        Assert.Equal(new PseudoMatches(5, 0), PseudoMatches.FromFraction(pooled[0].Fraction, 5));

        var mirrored = MarginFraction.Compute(0.0, 2, 27).Fraction;
        Assert.Equal(0.08333333333333326, mirrored);
        Assert.Equal(new PseudoMatches(0, 17), PseudoMatches.FromFraction(mirrored, 20));
    }

    [Fact]
    public void TV11_AnalysisDirectionsPool()
    {
        // T = "a-test" sorts first, so the pooled fraction is T's.
        var both = TrueSkillLadder.Pool([R("a-test", "b-other", "404", 1, 0), R("a-test", "b-other", "404", 1, 0)]);
        Assert.Equal(0.5333333333333333, both[0].Fraction);
        Assert.Equal(new PseudoMatches(2, 0), PseudoMatches.FromFraction(both[0].Fraction, 20));
        Assert.Equal(new PseudoMatches(1, 0), PseudoMatches.FromFraction(both[0].Fraction, 5));
        var split = TrueSkillLadder.Pool([R("a-test", "b-other", "404", 1, 0), R("a-test", "b-other", "404", 0, 1)]);
        Assert.True(PseudoMatches.FromFraction(split[0].Fraction, 20).IsDraw);
    }

    [Fact]
    public void OldRecordsWithoutPlusesFallBackToFractions()
    {
        PairwiseRecord F(string t, string o, double f) => new(t, o, "1", "1", null, null, f);
        Assert.Equal((0.7 + (1.0 - 0.4)) / 2, TrueSkillLadder.Pool([F("a", "b", 0.7), F("b", "a", 0.4)])[0].Fraction);
        Assert.Equal(1.0 - 0.8, TrueSkillLadder.Pool([F("b", "a", 0.8)])[0].Fraction);
        Assert.Equal(0.5, TrueSkillLadder.Pool([new PairwiseRecord("a", "b", "1", "1", null, null)])[0].Fraction);
    }

    [Fact]
    public void DuplicatedDirectionsDoubleTheMargin()
    {
        var pooled = TrueSkillLadder.Pool([R("a", "b", "1", 3, 1), R("a", "b", "1", 3, 1), R("a", "b", "1", 3, 1), R("a", "b", "1", 3, 1)]);
        Assert.Equal(4, pooled[0].Records);
        Assert.Equal(MarginFraction.Compute(1.0, 12, 4).Fraction, pooled[0].Fraction);
    }

    [Fact]
    public void TV14_Normalisation()
    {
        var raw = new Dictionary<string, double>
        {
            ["o3"] = 1650, ["meta-llama/llama-3.2-1b-instruct"] = 450, ["model-x"] = 1200, ["model-x__low"] = 1150,
        };
        var norm = RatingNormalization.Normalize(raw);
        Assert.Equal(1500, norm["o3"]);
        Assert.Equal(200.00000000000017, norm["meta-llama/llama-3.2-1b-instruct"]);
        Assert.Equal(1012.5000000000002, norm["model-x"]);
        Assert.Equal(958.3333333333335, norm["model-x__low"]);

        var unchanged = RatingNormalization.Normalize(new Dictionary<string, double> { ["a"] = 1300, ["b"] = 1100 });
        Assert.Equal(1300, unchanged["a"]);
        Assert.Equal(1100, unchanged["b"]);
    }
}
