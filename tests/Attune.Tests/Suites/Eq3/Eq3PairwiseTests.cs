using System.Text.Json.Nodes;
using Attune.Statistics;
using Attune.Suites.Eq3;

namespace Attune.Tests.Suites.Eq3;

public class Eq3PairwiseTests
{
    private const string Tv2RolePlay = "# I'm thinking & feeling\nI feel *tense*.\n\n# They're thinking & feeling\nThey are scared.\n\n# My response\n\"Hey -- let's talk.\"\n\n--\nword count: 900";

    private static Eq3Task Task(string id, string reply, string? debrief = "debrief", string status = Eq3Status.Completed)
    {
        var kind = Eq3Scenario.KindOf(id);
        return new Eq3Task(id, "1", status, [new(Eq3Message.User, "Hello?\n--\nFORMAT"), new(Eq3Message.Assistant, reply)],
            [Eq3Generation.ParseReply(kind, reply)], debrief);
    }

    private static JsonObject J(string json) => (JsonObject)JsonNode.Parse(json)!;

    [Fact]
    public void TV7_RolePlayHistory()
    {
        var t = Task("1", Tv2RolePlay);
        Assert.Equal("User:\nHello?\n--\nFORMAT\n---\nAssistant:\n I'm thinking & feeling\n\nI feel tense.\n\n They're thinking & feeling\n\nThey are scared.\n\n My response\n\n\"Hey\n\n--\n---",
            Eq3Pairwise.FormatHistory(Eq3ScenarioKind.RolePlay, t.History, t.Parsed));
    }

    [Fact]
    public void TV7_LongSectionIsTruncated()
    {
        var reply = "# My response\n" + new string('x', 1700);
        var t = Task("1", reply);
        var history = Eq3Pairwise.FormatHistory(Eq3ScenarioKind.RolePlay, t.History, t.Parsed);
        Assert.EndsWith("\n\n" + new string('x', 1600) + "... [truncated]\n\n--\n---", history, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingParsedEntryUsesRawCutAt4000()
    {
        var reply = new string('y', 4100);
        var t = Task("1", reply) with { Parsed = [] };
        var history = Eq3Pairwise.FormatHistory(Eq3ScenarioKind.RolePlay, t.History, t.Parsed);
        Assert.EndsWith("Assistant:\n" + new string('y', 4000) + "... [truncated]\n---", history, StringComparison.Ordinal);
    }

    [Fact]
    public void DebriefFormatting()
    {
        Assert.Equal("[No Debrief Provided]", Eq3Pairwise.FormatDebrief(null));
        Assert.Equal("[No Debrief Provided]", Eq3Pairwise.FormatDebrief(""));
        Assert.Equal("bold heading", Eq3Pairwise.FormatDebrief("**bold** #heading"));
        Assert.Equal(new string('d', 4000) + "... [truncated]", Eq3Pairwise.FormatDebrief(new string('d', 4001)));
        Assert.Equal(new string('d', 4000), Eq3Pairwise.FormatDebrief(new string('d', 4000)));
    }

    [Theory]
    [InlineData("{\"x\": \"A0493++ vs A0488+\"}", 3, 0, 1.0)]
    [InlineData("{\"x\": \"A0488 loses; A0493++\"}", 2, 0, 1.0)]
    [InlineData("{\"x\": \"A0493\"}", 0, 0, 0.5)]
    [InlineData("{\"x\": \"+++\"}", 0, 0, 0.5)]
    [InlineData("{\"x\": \"a0493+++\"}", 0, 0, 0.5)]
    [InlineData("{\"x\": 3}", 0, 0, 0.5)]
    [InlineData("{\"foo\": \"A0488++++\"}", 0, 4, 0.0)]
    [InlineData("{\"chain_of_thought_reasoning\": \"A0493+++++\"}", 0, 0, 0.5)]
    [InlineData("{\"a\": \"A0493++\", \"b\": \"A0488++\"}", 2, 2, 0.5)]
    public void TV8_PlusCounting(string json, int a, int b, double outcome)
    {
        Assert.Equal(new Eq3PlusCount(a, b, outcome), Eq3Pairwise.CountPluses(J(json)));
    }

    [Fact]
    public void TV9_SamePlusStringsInBothOrders()
    {
        const string reply = "{\"demonstrated_empathy\":\"A0493+++\",\"pragmatic_ei\":\"A0488+\"}";
        var t = Task("1", Tv2RolePlay);
        var o = Task("1", "other reply");
        var forward = Eq3Pairwise.Judge("1", "T", "O", "1", Eq3PairwiseOrder.Forward, reply, t, o);
        Assert.Equal((1.0, 3.0, 1.0, 2.0), (forward.OutcomeForTest, forward.PlusForTest, forward.PlusForOther, forward.PlusDiff));
        Assert.Equal(2.0 / 30, forward.PlusDiffNormalized);
        Assert.Equal(0.5333333333333333, forward.FractionForTest);
        Assert.Equal(Eq3Comparison.ForwardOrderText, forward.OrderText);

        var reversed = Eq3Pairwise.Judge("1", "T", "O", "1", Eq3PairwiseOrder.Reversed, reply, t, o);
        Assert.Equal((0.0, 1.0, 3.0), (reversed.OutcomeForTest, reversed.PlusForTest, reversed.PlusForOther));
        Assert.Equal(0.4666666666666667, reversed.FractionForTest);
        Assert.Equal("A0493:other / A0488:test", reversed.OrderText);

        var pooled = Assert.Single(TrueSkillLadder.Pool([forward.ToRecord()!, reversed.ToRecord()!]));
        Assert.Equal(0.5, pooled.Fraction);
        Assert.True(PseudoMatches.FromFraction(pooled.Fraction, 20).IsDraw);
        Assert.True(PseudoMatches.FromFraction(pooled.Fraction, 5).IsDraw);
    }

    [Fact]
    public void TV10_FullEightCriterionPair()
    {
        const string forwardReply = "{\"demonstrated_empathy\":\"A0493++\",\"pragmatic_ei\":\"A0493+++\",\"depth_of_insight\":\"A0493++\",\"social_dexterity\":\"A0488+\"," +
            "\"emotional_reasoning\":\"A0493++\",\"appropriate_validating_challenging\":\"A0493+\",\"message_tailoring\":\"A0493++\",\"overall_eq\":\"A0493+++\"}";
        const string reversedReply = "{\"demonstrated_empathy\":\"A0488++\",\"pragmatic_ei\":\"A0488++\",\"depth_of_insight\":\"A0493+\",\"social_dexterity\":\"A0488++\"," +
            "\"emotional_reasoning\":\"A0488+\",\"appropriate_validating_challenging\":\"A0488+\",\"message_tailoring\":\"A0488++\",\"overall_eq\":\"A0488++\"}";
        var t = Task("3", Tv2RolePlay);
        var o = Task("3", "x");
        var forward = Eq3Pairwise.Judge("3", "model-x", "model-y", "1", Eq3PairwiseOrder.Forward, forwardReply, t, o);
        Assert.Equal((1.0, 15.0, 1.0, 14.0), (forward.OutcomeForTest, forward.PlusForTest, forward.PlusForOther, forward.PlusDiff));
        Assert.Equal(0.7333333333333334, forward.FractionForTest);
        var reversed = Eq3Pairwise.Judge("3", "model-x", "model-y", "1", Eq3PairwiseOrder.Reversed, reversedReply, t, o);
        Assert.Equal((1.0, 12.0, 1.0, 11.0), (reversed.OutcomeForTest, reversed.PlusForTest, reversed.PlusForOther, reversed.PlusDiff));
        Assert.Equal(0.6833333333333333, reversed.FractionForTest);

        var pooled = Assert.Single(TrueSkillLadder.Pool([forward.ToRecord()!, reversed.ToRecord()!]));
        Assert.Equal("model-x", pooled.First);
        Assert.Equal(0.9166666666666667, pooled.Fraction);
        Assert.Equal(new PseudoMatches(17, 0), PseudoMatches.FromFraction(pooled.Fraction, 20));
        Assert.Equal(new PseudoMatches(5, 0), PseudoMatches.FromFraction(pooled.Fraction, 5));
    }

    [Fact]
    public void TV11_AnalysisDownscale()
    {
        // Forward: A (test) 13 vs B 1. Reversed: A (other) 1 vs B (test) 11, so the flipped outcome is a win for the test model.
        const string forwardReply = "{\"a\":\"A0493+++++\",\"b\":\"A0493++++\",\"c\":\"A0493++++\",\"d\":\"A0488+\"}";
        const string reversedReply = "{\"a\":\"A0488+++++\",\"b\":\"A0488++++\",\"c\":\"A0488++\",\"d\":\"A0493+\"}";
        var t = Task("404", "analysis T", status: Eq3Status.RubricScored);
        var o = Task("404", "analysis O", status: Eq3Status.RubricScored);
        var forward = Eq3Pairwise.Judge("404", "T", "O", "1", Eq3PairwiseOrder.Forward, forwardReply, t, o);
        var reversed = Eq3Pairwise.Judge("404", "T", "O", "1", Eq3PairwiseOrder.Reversed, reversedReply, t, o);
        Assert.Equal((1.0, 0.0, 0.5166666666666667), (forward.PlusForTest, forward.PlusForOther, forward.FractionForTest));
        Assert.Equal((1.0, 0.0, 0.5166666666666667), (reversed.PlusForTest, reversed.PlusForOther, reversed.FractionForTest));
        var pooled = TrueSkillLadder.Pool([forward.ToRecord()! with { TestModel = "a-T", OtherModel = "b-O" }, reversed.ToRecord()! with { TestModel = "a-T", OtherModel = "b-O" }]).Single();
        Assert.Equal(0.5333333333333333, pooled.Fraction);
        Assert.Equal(new PseudoMatches(2, 0), PseudoMatches.FromFraction(pooled.Fraction, 20));
        Assert.Equal(new PseudoMatches(1, 0), PseudoMatches.FromFraction(pooled.Fraction, 5));

        var favoursOther = Eq3Pairwise.Judge("404", "T", "O", "1", Eq3PairwiseOrder.Reversed, forwardReply, t, o);
        Assert.Equal((0.0, 1.0), (favoursOther.PlusForTest, favoursOther.PlusForOther));
        var split = TrueSkillLadder.Pool([forward.ToRecord()!, favoursOther.ToRecord()!]).Single();
        Assert.True(PseudoMatches.FromFraction(split.Fraction, 20).IsDraw);
    }

    [Fact]
    public void NonAnalysisIdsAreNotDownscaled()
    {
        var r = Eq3Pairwise.Judge("304", "T", "O", "1", Eq3PairwiseOrder.Forward, "{\"a\":\"A0493+++++\"}", Task("304", "x"), Task("304", "y"));
        Assert.Equal(5.0, r.PlusForTest);
        Assert.Equal(1L, Eq3Pairwise.PythonInt("1"));
        Assert.Equal(401L, Eq3Pairwise.PythonInt("4_01"));
        Assert.Null(Eq3Pairwise.PythonInt("40x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("I cannot decide.")]
    [InlineData("{}")]
    [InlineData("{\"overall_eq\": \"A0493+\",}")]
    public void UnusableJudgeRepliesBecomeErrorRecords(string reply)
    {
        var r = Eq3Pairwise.Judge("1", "T", "O", "1", Eq3PairwiseOrder.Forward, reply, Task("1", "a"), Task("1", "b"));
        Assert.True(r.IsError);
        Assert.Equal(Eq3Pairwise.NoJsonError, r.Error);
        Assert.Equal(reply, r.RawJudgeResponse);
        Assert.Equal("forward", r.OrderText);
        Assert.Null(r.ToRecord());
        Assert.Null(r.FractionForTest);
        Assert.Empty(Eq3Matchups.Existing([r]));
    }

    [Fact]
    public void AJudgeObjectWithAnErrorKeyIsAnErrorRecord()
    {
        var r = Eq3Pairwise.Judge("1", "T", "O", "1", Eq3PairwiseOrder.Reversed, "{\"error\": \"busy\"}", Task("1", "a"), Task("1", "b"));
        Assert.Equal("Judge Error: busy", r.Error);
        Assert.Equal("reversed", r.OrderText);
    }

    [Fact]
    public void AverageResponseLengthsAreCodePoints()
    {
        var t = Task("1", "😀😀");
        var o = Task("1", "abcd");
        var r = Eq3Pairwise.Judge("1", "T", "O", "1", Eq3PairwiseOrder.Reversed, "{\"a\":\"A0493+\"}", t, o);
        Assert.Equal((2.0, 4.0), (r.TestAvgResponseLength, r.OtherAvgResponseLength));
    }

    [Fact]
    public void RecomputeRebuildsTheCountsFromTheJudgeResponse()
    {
        var r = Eq3Pairwise.Judge("1", "T", "O", "1", Eq3PairwiseOrder.Forward, "{\"a\":\"A0493+++\"}", Task("1", "a"), Task("1", "b"));
        var stale = r with { PlusForTest = 99, FractionForTest = 0.1 };
        Assert.Equal(r, Eq3Pairwise.Recompute(stale) with { JudgeResponse = r.JudgeResponse });
        Assert.Equal(3.0, Eq3Pairwise.Recompute(stale).PlusForTest);
    }

    [Fact]
    public void RolePlayPromptFillsSlotsAndReplacesSequentially()
    {
        using var folder = new Eq3Folder();
        var data = folder.Load();
        var a = Task("1", "# My response\nI said {debrief_B}") with { Debrief = "A's **debrief**" };
        var b = Task("1", "# My response\nplain") with { Debrief = null };
        var prompt = Eq3Pairwise.BuildPrompt(data, "1", a, b);
        Assert.Equal(
            "[A]\nUser:\nHello?\n--\nFORMAT\n---\nAssistant:\n I'm thinking & feeling\n\n\n\n They're thinking & feeling\n\n\n\n My response\n\nI said [No Debrief Provided]\n\n--\n---\nA's debrief\n" +
            "[B]\nUser:\nHello?\n--\nFORMAT\n---\nAssistant:\n I'm thinking & feeling\n\n\n\n They're thinking & feeling\n\n\n\n My response\n\nplain\n\n--\n---\n[No Debrief Provided]\nNOTES:\nNote for one.",
            prompt);
        var request = Eq3Pairwise.Request(data, "1", a, b);
        Assert.Equal(Eq3CallKind.PairwiseJudge, request.Kind);
        Assert.Equal(new Eq3Sampling(0.0, null, 8000), request.Sampling);
        Assert.Equal(prompt, Assert.Single(request.Messages).Text);
    }

    [Fact]
    public void AnalysisPromptUsesTheBarePromptAndTheFirstReplies()
    {
        using var folder = new Eq3Folder();
        var data = folder.Load();
        var a = Task("401", "**Deep** # read " + new string('z', 6000));
        var b = Task("401", "***") with { Parsed = [Eq3ParsedReply.RawOnly("***raw***")] };
        var prompt = Eq3Pairwise.BuildPrompt(data, "401", a, b);
        Assert.Equal("NOTES:\n[No scenario notes available]\n[T]\n# Act 1\nT\n[A]\nDeep  read " + new string('z', 6000 - 11) + "... [truncated]\n[B]\n***raw***", prompt);
    }

    [SharedFact]
    public void SharedRolePlayTemplateFramesEachSide()
    {
        var data = Eq3Data.Load(SharedData.Path_("data", "eqbench3"));
        var prompt = Eq3Pairwise.BuildPrompt(data, "1", Task("1", Tv2RolePlay), Task("1", "other"));
        Assert.StartsWith("[RESPONDENT A0493]\nUser:\nHello?", prompt, StringComparison.Ordinal);
        Assert.Contains("\n---\n\n---\nUser:\n/Scene\n\nOk let's debrief.\n---\nAssistant:\ndebrief\n[/RESPONDENT A0493]", prompt, StringComparison.Ordinal);
        Assert.Contains(data.NoteFor("1"), prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("{", prompt.Split("Use this format:")[0], StringComparison.Ordinal);
    }
}
