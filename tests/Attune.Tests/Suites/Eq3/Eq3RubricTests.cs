using Attune.Suites.Eq3;

namespace Attune.Tests.Suites.Eq3;

public class Eq3RubricTests
{
    private const string Tv2RolePlay = "# I'm thinking & feeling\nI feel *tense*.\n\n# They're thinking & feeling\nThey are scared.\n\n# My response\n\"Hey -- let's talk.\"\n\n--\nword count: 900";

    private static readonly string[] AnalysisCriteria =
        ["depth_of_insight", "emotional_reasoning", "theory_of_mind", "subtext_identification", "intellectual_grounding", "correctness"];

    private static Eq3Task RolePlayTask(string? debrief = "I did **ok**.") => new("1", "1", Eq3Status.Completed,
        [new(Eq3Message.User, "Hello?\n--\nFORMAT"), new(Eq3Message.Assistant, Tv2RolePlay)],
        [Eq3Generation.ParseReply(Eq3ScenarioKind.RolePlay, Tv2RolePlay)], debrief);

    [SharedFact]
    public void TV3_RolePlayPromptAfterStripping()
    {
        var data = Eq3Data.Load(SharedData.Path_("data", "eqbench3"));
        var prompt = Eq3Rubric.BuildPrompt(data, RolePlayTask());
        const string expected = "You are an expert in assessing emotional intelligence. Your task is to score the assistant's responses below, by several metrics, on a 0-20 scale.\n\n[TRANSCRIPT START]\n\nUser:\nHello?\n--\nFORMAT\n---\nAssistant:\n I'm thinking & feeling\nI feel tense.\n\n They're thinking & feeling\nThey are scared.\n\n My response\n\"Hey\n\n--\n\n\n---\n\nUser:\n/Scene\n\nOk let's debrief.\n\n---\n\nAssistant:\nI did ok.\n\n[TRANSCRIPT END]\n\n Judging task:\nYou will judge";
        Assert.StartsWith(expected, prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("*", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("#", prompt, StringComparison.Ordinal);
        Assert.EndsWith("  \"humanlike\": 0-20\n}", prompt, StringComparison.Ordinal);
    }

    [SharedFact]
    public void TV3_StandardOutputFormat()
    {
        var data = Eq3Data.Load(SharedData.Path_("data", "eqbench3"));
        var format = Eq3Rubric.OutputFormat(data.RubricCriteria);
        Assert.Equal(554, format.Length);
        Assert.StartsWith("{\n  \"chain_of_thought_reasoning\": \"detailed chain of thought reasoning about the coming scoring decisions\",\n  \"demonstrated_empathy\": 0-20,\n", format, StringComparison.Ordinal);
        Assert.EndsWith("  \"humanlike\": 0-20\n}", format, StringComparison.Ordinal);
    }

    [SharedFact]
    public void TV3_AnalysisPrompt()
    {
        var data = Eq3Data.Load(SharedData.Path_("data", "eqbench3"));
        var task = new Eq3Task("401", "1", Eq3Status.ScenarioCompleted,
            [new(Eq3Message.User, "[TRANSCRIPT]\n\n# Act 1\nT\n"), new(Eq3Message.Assistant, "## Analysis\n**Juicy**: x")],
            [Eq3ParsedReply.RawOnly("## Analysis\n**Juicy**: x")], null);
        Assert.StartsWith("[RESPONDENT ANALYSIS TRANSCRIPT]\n\nUser:\n[TRANSCRIPT]\n\n Act 1\nT\n\n---\nAssistant:\n Analysis\nJuicy: x\n\n\n[/RESPONDENT ANALYSIS TRANSCRIPT]",
            Eq3Rubric.BuildPrompt(data, task), StringComparison.Ordinal);
    }

    [Fact]
    public void OutputFormatWithSyntheticCriteria()
    {
        Assert.Equal("{\n  \"chain_of_thought_reasoning\": \"detailed chain of thought reasoning about the coming scoring decisions\",\n  \"a\": 0-20,\n  \"b\": 0-20\n}",
            Eq3Rubric.OutputFormat(["a", "b"]));
    }

    [Fact]
    public void PromptCannotBeBuiltWithoutHistoryOrDebrief()
    {
        using var folder = new Eq3Folder();
        var data = folder.Load();
        Assert.Equal("Debrief missing.", Assert.Throws<InvalidOperationException>(() => Eq3Rubric.BuildPrompt(data, RolePlayTask(debrief: null))).Message);
        var empty = new Eq3Task("401", "1", Eq3Status.ScenarioCompleted, [], [], null);
        Assert.Equal("History missing.", Assert.Throws<InvalidOperationException>(() => Eq3Rubric.BuildPrompt(data, empty)).Message);
    }

    [Fact]
    public void RubricRequestIsOneUserMessageAtTemperatureZero()
    {
        using var folder = new Eq3Folder();
        var data = folder.Load();
        var request = Eq3Rubric.Request(data, RolePlayTask());
        Assert.Equal(Eq3CallKind.RubricJudge, request.Kind);
        Assert.Equal(new Eq3Sampling(0.0, null, 8000), request.Sampling);
        var text = Assert.Single(request.Messages).Text;
        Assert.StartsWith(" Judge\nUser:\nHello?", text, StringComparison.Ordinal);
        Assert.Contains("DEBRIEF:\nI did ok.\nFORMAT:\n{\n  \"chain_of_thought_reasoning\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TurnWithoutParsedEntryFallsBackToRaw()
    {
        var task = RolePlayTask() with { Parsed = [] };
        Assert.Equal("User:\nHello?\n--\nFORMAT\n---\nAssistant:\n" + Tv2RolePlay + "\n", Eq3Rubric.Transcript(task));
    }

    [Fact]
    public void TV4_RubricReplyToScores()
    {
        const string reply = "Here is my assessment.\n```json\n{\n  \"chain_of_thought_reasoning\": \"The \"helper\" tone was kind\nbut vague.\",\n" +
            "  \"demonstrated_empathy\": 14,\n  \"pragmatic_ei\": \"12/20\",\n  \"depth_of_insight\": 15.5,\n  \"social_dexterity\": \"13\",\n" +
            "  \"emotional_reasoning\": 16,\n  \"message_tailoring\": 11,\n  \"boundary_setting\": 8,\n  \"safety_conscious\": 10,\n  \"moralising\": 4,\n" +
            "  \"sycophantic\": 3,\n  \"compliant\": 6,\n  \"challenging\": 9,\n  \"warmth\": 15,\n  \"validating\": 14,\n  \"analytical\": 17,\n" +
            "  \"reactive\": 5,\n  \"conversational\": 12,\n  \"humanlike\": \"N/A\"\n}\n```";
        var scores = Eq3Rubric.ParseScores(reply)!;
        Assert.Equal(17, scores.Count);
        Assert.False(scores.ContainsKey("humanlike"));
        Assert.False(scores.ContainsKey("chain_of_thought_reasoning"));
        Assert.Equal(12.0, scores["pragmatic_ei"]);
        Assert.Equal(15.5, scores["depth_of_insight"]);
        Assert.Equal(13.0, scores["social_dexterity"]);
        Assert.Equal(12.0, scores["conversational"]);
        double task = Eq3Rubric.TaskScore(Eq3ScenarioKind.RolePlay, scores, AnalysisCriteria)!.Value;
        Assert.Equal(81.5 / 6, task);
        Assert.Equal(67.92, Math.Round(task * 5, 2));
    }

    [Fact]
    public void TV5_Coercion()
    {
        var s = Eq3Rubric.ParseScores("{\"demonstrated_empathy\": \"0-20\", \"pragmatic_ei\": -5, \"depth_of_insight\": \"-7\", \"social_dexterity\": true, \"emotional_reasoning\": null, \"message_tailoring\": [12, 18], \"x\": \"score: 1e3\"}")!;
        Assert.Equal(0.0, s["demonstrated_empathy"]);
        Assert.Equal(-5.0, s["pragmatic_ei"]);
        Assert.Equal(7.0, s["depth_of_insight"]);
        Assert.Equal(1.0, s["social_dexterity"]);
        Assert.False(s.ContainsKey("emotional_reasoning"));
        Assert.Equal(12.0, s["message_tailoring"]);
        Assert.False(s.ContainsKey("x")); // "1e3": no word boundary after the 1, none before the 3
        Assert.Equal(5, s.Count);
    }

    [Fact]
    public void TV5_NumericReasoningIsKept()
    {
        var s = Eq3Rubric.ParseScores("{\"chain_of_thought_reasoning\": 7}")!;
        Assert.Equal(7.0, Assert.Single(s).Value);
        Assert.Null(Eq3Rubric.ParseScores("{\"chain_of_thought_reasoning\": \"scores 7\"}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{}")]
    [InlineData("no json here")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{\"a\": \"N/A\", \"b\": null}")]
    public void UnparseableOrEmptyRepliesFailRatherThanScoreZero(string reply)
    {
        Assert.Null(Eq3Rubric.ParseScores(reply));
        Assert.Equal("Failed to parse scores", Eq3Rubric.ParseFailure);
    }

    [Fact]
    public void Errata4_UnicodeDigitsAreRead()
    {
        var s = Eq3Rubric.ParseScores("{\"a\": \"١٢/20\", \"b\": \"x12\", \"c\": \"12.5.3\"}")!;
        Assert.Equal(12.0, s["a"]);
        Assert.False(s.ContainsKey("b"));
        Assert.Equal(12.5, s["c"]);
    }

    [Fact]
    public void NestedValuesAreReadFromTheirPythonText()
    {
        // Python writes [1.0e2] as [100.0] and {"k": "\t9"} as {'k': '\t9'}, where \t9 has no word boundary before the 9.
        var s = Eq3Rubric.ParseScores("{\"a\": [1.0e2], \"b\": {\"k\": \"\\t9\"}, \"c\": [\"x\", 3]}")!;
        Assert.Equal(100.0, s["a"]);
        Assert.False(s.ContainsKey("b"));
        Assert.Equal(3.0, s["c"]);
    }

    [Fact]
    public void TV6_RunScorePoolsIterationsAndLeavesUnscoredTasksOut()
    {
        static Eq3Task T(string id, string iteration, string status, params (string Key, double Value)[] scores) =>
            new(id, iteration, status, [], [], null, scores.Length == 0 ? null : scores.ToDictionary(s => s.Key, s => s.Value));
        var tasks = new[]
        {
            T("1", "1", Eq3Status.RubricScored, ("demonstrated_empathy", 14), ("pragmatic_ei", 12), ("depth_of_insight", 15), ("social_dexterity", 13),
                ("emotional_reasoning", 16), ("message_tailoring", 11), ("warmth", 19), ("moralising", 2)),
            T("401", "1", Eq3Status.RubricScored, ("depth_of_insight", 13), ("emotional_reasoning", 12), ("theory_of_mind", 14),
                ("subtext_identification", 11), ("intellectual_grounding", 10), ("correctness", 15), ("demonstrated_empathy", 20)),
            T("2", "1", Eq3Status.Error),
            T("3", "1", Eq3Status.Completed),
            T("1", "2", Eq3Status.RubricScored, ("demonstrated_empathy", 16), ("pragmatic_ei", 15), ("depth_of_insight", 15), ("social_dexterity", 14),
                ("emotional_reasoning", 17), ("message_tailoring", 14)),
        };
        Assert.Equal(13.5, Eq3Rubric.TaskScore(Eq3ScenarioKind.RolePlay, tasks[0].RubricScores, AnalysisCriteria));
        Assert.Equal(12.5, Eq3Rubric.TaskScore(Eq3ScenarioKind.Analysis, tasks[1].RubricScores, AnalysisCriteria));
        var summary = Eq3Rubric.Summarize(tasks, AnalysisCriteria);
        Assert.Equal(13.72, summary.Score);
        Assert.Equal(68.6, summary.Score100!.Value, 10);
        Assert.Equal(3, summary.TasksScored);
        Assert.Null(summary.Error);
    }

    [Fact]
    public void NothingScoredGivesNoScoreAndAReason()
    {
        var none = Eq3Rubric.Summarize([new Eq3Task("1", "1", Eq3Status.Error, [], [], null)], AnalysisCriteria);
        Assert.Null(none.Score);
        Assert.Null(none.Score100);
        Assert.Equal("No tasks reached the 'rubric_scored' state.", none.Error);
        var noAllowed = Eq3Rubric.Summarize([new Eq3Task("1", "1", Eq3Status.RubricScored, [], [], null, new Dictionary<string, double> { ["warmth"] = 20 })], AnalysisCriteria);
        Assert.Null(noAllowed.Score);
        Assert.Equal("No valid rubric scores found for allowed criteria in 1 potentially scored tasks.", noAllowed.Error);
    }

    [Fact]
    public void KeysMatchCaseSensitively()
    {
        Assert.Null(Eq3Rubric.TaskScore(Eq3ScenarioKind.RolePlay, new Dictionary<string, double> { ["Demonstrated_Empathy"] = 20 }, AnalysisCriteria));
    }

    [Fact]
    public void AbilityColumnsPoolTheirCriteria()
    {
        var tasks = new[]
        {
            new Eq3Task("1", "1", Eq3Status.RubricScored, [], [], null, new Dictionary<string, double> { ["conversational"] = 10, ["humanlike"] = 14, ["warmth"] = 8 }),
            new Eq3Task("2", "1", Eq3Status.RubricScored, [], [], null, new Dictionary<string, double> { ["humanlike"] = 18 }),
            new Eq3Task("3", "1", Eq3Status.Error, [], [], null, new Dictionary<string, double> { ["humanlike"] = 0 }),
        };
        var abilities = Eq3Abilities.Compute(tasks);
        Assert.Equal(14.0, abilities.Humanlike);
        Assert.Equal(8.0, abilities.Warm);
        Assert.Null(abilities.Safe);
    }

    [Theory]
    [InlineData("1", Eq3Status.Completed, 100, true)]
    [InlineData("1", Eq3Status.Completed, 99, false)]
    [InlineData("1", Eq3Status.ScenarioCompleted, 300, false)]
    [InlineData("401", Eq3Status.ScenarioCompleted, 300, true)]
    [InlineData("401", Eq3Status.RubricScored, 300, false)]
    public void OnlyReadyEligibleTasksAreScored(string id, string status, int length, bool expected)
    {
        var task = new Eq3Task(id, "1", status, [new(Eq3Message.User, "u"), new(Eq3Message.Assistant, new string('x', length))], [], "d");
        Assert.Equal(expected, Eq3Rubric.ShouldScore(task));
    }
}
