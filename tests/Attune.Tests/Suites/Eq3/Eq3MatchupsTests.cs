using Attune.Statistics;
using Attune.Suites.Eq3;

namespace Attune.Tests.Suites.Eq3;

public class Eq3MatchupsTests
{
    private static readonly string LongReply = new('r', 120);

    private static Eq3Task T(string id, string iteration, string? status = null, string? reply = null, string? debrief = "d")
    {
        bool analysis = Eq3Scenario.KindOf(id) == Eq3ScenarioKind.Analysis;
        return new Eq3Task(id, iteration, status ?? (analysis ? Eq3Status.RubricScored : Eq3Status.Completed),
            [new(Eq3Message.User, "u"), new(Eq3Message.Assistant, reply ?? LongReply)], [], analysis ? null : debrief);
    }

    [Fact]
    public void CandidatesAreCommonEligiblePairsInTextOrder()
    {
        Eq3Task[] mine = [T("2", "1"), T("13", "1"), T("101", "1"), T("101", "2"), T("404", "1"), T("401", "1", Eq3Status.ScenarioCompleted), T("3", "1", reply: "short"), T("4", "1", debrief: null)];
        Eq3Task[] theirs = [T("2", "1"), T("13", "1"), T("101", "2"), T("101", "1"), T("404", "1"), T("401", "1"), T("3", "1"), T("4", "1"), T("5", "1")];
        var existing = new HashSet<Eq3MatchupSignature> { Eq3MatchupSignature.Create("t", "o", "13", "1") };
        var candidates = Eq3Matchups.Candidates("t", mine, "o", theirs, existing);
        Assert.Equal([("101", "1"), ("101", "2"), ("2", "1"), ("404", "1")], candidates.Select(c => (c.ScenarioId, c.IterationKey)));
        Assert.All(candidates, c => Assert.Equal(("o", "t"), (c.First, c.Second)));
    }

    [Fact]
    public void WithoutRubricNoAnalysisScenarioIsCompared()
    {
        var candidates = Eq3Matchups.Candidates("t", [T("404", "1", Eq3Status.ScenarioCompleted)], "o", [T("404", "1", Eq3Status.ScenarioCompleted)], new HashSet<Eq3MatchupSignature>());
        Assert.Empty(candidates);
    }

    [Fact]
    public void StageOneTakesScenario404WhenAvailable()
    {
        var candidates = new[] { "101", "2", "404", "5" }.Select(s => Eq3MatchupSignature.Create("t", "o", s, "1")).ToList();
        var kept = Eq3Matchups.Select(candidates, MatchupSchedule.PairCap(MatchupSchedule.Stages[0], 5), 0);
        Assert.Equal("404", Assert.Single(kept).ScenarioId);
    }

    [Fact]
    public void SelectionThinsEvenlyAndKeepsCandidateOrder()
    {
        var candidates = Enumerable.Range(1, 6).Select(i => Eq3MatchupSignature.Create("t", "o", "30" + i, "1")).ToList();
        var kept = Eq3Matchups.Select(candidates, 3, 0);
        Assert.Equal(["301", "303", "306"], kept.Select(k => k.ScenarioId));
        Assert.Equal(candidates, Eq3Matchups.Select(candidates, 10, 0));
        Assert.Empty(Eq3Matchups.Select(candidates, 4, 4));
        Assert.Equal(2, Eq3Matchups.Select(candidates, 4, 2).Count);
    }

    [Fact]
    public void Scenario404IsOrderedByIterationNumber()
    {
        var candidates = new[] { "10", "2", "1" }.Select(i => Eq3MatchupSignature.Create("t", "o", "404", i))
            .Append(Eq3MatchupSignature.Create("t", "o", "1", "1")).ToList();
        Assert.Equal("1", Assert.Single(Eq3Matchups.Select(candidates, 1, 0)).IterationKey);
    }

    [Fact]
    public void ExistingSetAndCounts()
    {
        var good = Eq3Pairwise.Failed("1", "t", "o", "1", Eq3PairwiseOrder.Forward, "x") with { Error = null };
        var bad = Eq3Pairwise.Failed("2", "t", "o", "1", Eq3PairwiseOrder.Forward, "x");
        var existing = Eq3Matchups.Existing([good, bad, good with { TestModel = "o", OtherModel = "t", Order = Eq3PairwiseOrder.Reversed }]);
        Assert.Equal([Eq3MatchupSignature.Create("o", "t", "1", "1")], existing);
        Assert.Equal(1, Eq3Matchups.CountExisting(existing, "t", "o"));
        Assert.Equal(0, Eq3Matchups.CountExisting(existing, "t", "z"));
    }

    [Fact]
    public void SignaturesOrderModelsByCodePoint()
    {
        // U+FF21 (fullwidth A) sorts before U+1F600 by code point, although its UTF-16 unit is larger than the surrogate's.
        var s = Eq3MatchupSignature.Create("\U0001F600", "\uFF21", "1", "1");
        Assert.Equal("\uFF21", s.First);
    }
}
