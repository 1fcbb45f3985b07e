using Attune.Suites.Eq3;
using Microsoft.Extensions.AI;

namespace Attune.Tests.Suites.Eq3;

public class Eq3GenerationTests
{
    private const string Tv2RolePlay = "# I'm thinking & feeling\nI feel *tense*.\n\n# They're thinking & feeling\nThey are scared.\n\n# My response\n\"Hey -- let's talk.\"\n\n--\nword count: 900";

    [Fact]
    public void TV2_RolePlaySectionsAndTheDashCut()
    {
        var p = Eq3Generation.ParseReply(Eq3ScenarioKind.RolePlay, Tv2RolePlay);
        Assert.Equal("I feel *tense*.", p.Section("thinking_feeling"));
        Assert.Equal("They are scared.", p.Section("their_thinking_feeling"));
        Assert.Equal("\"Hey", p.Section("response"));
        Assert.Equal(Tv2RolePlay, p.Raw);
        Assert.Equal(Eq3Generation.RolePlaySections, p.Sections.Keys);
    }

    [Fact]
    public void TV2_CurlyApostrophesDoubleHashesAndAHashInText()
    {
        var p = Eq3Generation.ParseReply(Eq3ScenarioKind.RolePlay, "## I’m thinking & feeling\nA #1 concern.\n## They’re Thinking & Feeling\nB\n## My response\nC");
        Assert.Equal(["A", "B", "C"], Eq3Generation.RolePlaySections.Select(p.Section));
    }

    [Fact]
    public void TV2_BoldHeadingDoesNotMatch()
    {
        var p = Eq3Generation.ParseReply(Eq3ScenarioKind.RolePlay, "# **I'm thinking & feeling**\nA\n# They're thinking & feeling\nB\n# My response\nC");
        Assert.Equal(["", "B", "C"], Eq3Generation.RolePlaySections.Select(p.Section));
    }

    [Fact]
    public void TV2_DraftingSections()
    {
        var p = Eq3Generation.ParseReply(Eq3ScenarioKind.Drafting, "# Perspective-taking\nP\n# Draft brainstorming\nB\n# Draft\nHey there\n--");
        Assert.Equal(["P", "B", "Hey there"], Eq3Generation.DraftingSections.Select(p.Section));
    }

    [Fact]
    public void EndOfTextIsAbsoluteNotBeforeAFinalNewline()
    {
        // The pattern ends at the absolute end (\z); the captured "C\n" is trimmed.
        var p = Eq3Generation.ParseReply(Eq3ScenarioKind.RolePlay, "# My response\nC\n");
        Assert.Equal("C", p.Section("response"));
        Assert.Equal("", p.Section("thinking_feeling"));
    }

    [Fact]
    public void AnalysisRepliesAreStoredRaw()
    {
        var p = Eq3Generation.ParseReply(Eq3ScenarioKind.Analysis, "# My response\nC");
        Assert.Empty(p.Sections);
        Assert.Equal("# My response\nC", p.Raw);
    }

    [Fact]
    public void ThinkStripping()
    {
        Assert.Equal("answer", Eq3Generation.StripThinking("<think>a</think>  answer  "));
        Assert.Equal("b</think> c", Eq3Generation.StripThinking("<think>a</think>b</think> c"));
        Assert.Equal("x", Eq3Generation.StripThinking("<reasoning>r</reasoning>\n<think>t</think> x"));
        Assert.Equal(" only close</think> ", Eq3Generation.StripThinking(" only close</think> "));
    }

    [Fact]
    public void AcceptingReplies()
    {
        var scenario = new Eq3Scenario("1", Eq3ScenarioKind.RolePlay, ["p"]);
        Assert.Null(Eq3Generation.AcceptReply(scenario, null));
        Assert.Equal("", Eq3Generation.AcceptReply(scenario, "")!.Raw);
        Assert.Equal("no sections at all", Eq3Generation.AcceptReply(scenario, "<think>x</think>no sections at all")!.Raw);
        Assert.Equal("d", Eq3Generation.AcceptDebrief("  <think>x</think> d \n"));
        Assert.Null(Eq3Generation.AcceptDebrief(null));
        Assert.Equal("{\"a\": \"A0488+\"}", Eq3Generation.AcceptJudgeReply("<think>{\"a\": \"A0493+\"}</think>\n{\"a\": \"A0488+\"}\n"));
        Assert.Null(Eq3Generation.AcceptJudgeReply(null));
    }

    [Fact]
    public void RequestsTurnByTurnThenTheDebrief()
    {
        using var folder = new Eq3Folder();
        var data = folder.Load();
        var scenario = data.Find("1")!;

        var first = Eq3Generation.NextRequest(data, scenario, [])!;
        Assert.Equal(Eq3CallKind.ScenarioTurn, first.Kind);
        Assert.Equal(0, first.Turn);
        Assert.Equal([(ChatRole.User, "First *turn*.\n\n--\nRP FORMAT")], first.Messages.Select(m => (m.Role, m.Text)));
        Assert.Equal(new Eq3Sampling(0.7, 0.1, 12000), first.Sampling);

        var second = Eq3Generation.NextRequest(data, scenario, ["R1"])!;
        Assert.Equal(1, second.Turn);
        Assert.Equal(
            [(ChatRole.User, "First *turn*.\n\n--\nRP FORMAT"), (ChatRole.Assistant, "R1"), (ChatRole.User, "Second turn.\n\n--\nRP FORMAT")],
            second.Messages.Select(m => (m.Role, m.Text)));

        var debrief = Eq3Generation.NextRequest(data, scenario, ["R1", "R2"])!;
        Assert.Equal(Eq3CallKind.Debrief, debrief.Kind);
        Assert.Equal(5, debrief.Messages.Count);
        Assert.Equal("Debrief now.", debrief.Messages[^1].Text);
        Assert.Equal(new Eq3Sampling(0.5, null, 12000), debrief.Sampling);

        Assert.Null(Eq3Generation.NextRequest(data, scenario, ["R1", "R2"], debrief: "done"));
        Assert.Throws<ArgumentException>(() => Eq3Generation.NextRequest(data, scenario, ["a", "b", "c"]));
    }

    [Fact]
    public void AnalysisHasOneTurnAndNoDebrief()
    {
        using var folder = new Eq3Folder();
        var data = folder.Load();
        var scenario = data.Find("401")!;
        var turn = Eq3Generation.NextRequest(data, scenario, [])!;
        Assert.Equal("[TRANSCRIPT]\n# Act 1\nT\n[/TRANSCRIPT]", Assert.Single(turn.Messages).Text);
        Assert.Null(Eq3Generation.NextRequest(data, scenario, ["analysis"]));
    }

    [Fact]
    public void NoRolePlayScenariosSendTheBarePrompt()
    {
        using var folder = new Eq3Folder();
        var data = folder.Load();
        var bare = new Eq3Scenario("10", Eq3ScenarioKind.NoRolePlay, ["bare {prompt}"]);
        Assert.Equal("bare {prompt}", Eq3Generation.NextRequest(data, bare, [])!.Messages.Single().Text);
        Assert.Equal(Eq3CallKind.Debrief, Eq3Generation.NextRequest(data, bare, ["r"])!.Kind);
    }

    [Fact]
    public void TemplateSubstitutionIsOnePassAndKeepsBracesInThePrompt()
    {
        using var folder = new Eq3Folder(new() { ["scenario_master_prompt.txt"] = "{{literal}} {scenario_prompt} end" });
        var data = folder.Load();
        var s = new Eq3Scenario("1", Eq3ScenarioKind.RolePlay, ["has {scenario_prompt} inside"]);
        Assert.Equal("{literal} has {scenario_prompt} inside end", Eq3Generation.UserTurn(data, s, 0));
    }

    [Fact]
    public void SamplingPerCallKind()
    {
        Assert.Equal(new Eq3Sampling(0.7, 0.1, 12000), Eq3Sampling.For(Eq3CallKind.ScenarioTurn));
        Assert.Equal(new Eq3Sampling(0.5, null, 12000), Eq3Sampling.For(Eq3CallKind.Debrief));
        Assert.Equal(new Eq3Sampling(0.0, null, 8000), Eq3Sampling.For(Eq3CallKind.RubricJudge));
        Assert.Equal(new Eq3Sampling(0.0, null, 8000), Eq3Sampling.For(Eq3CallKind.PairwiseJudge));
        Assert.Equal(new Eq3Sampling(0.7, null, 12000), Eq3Sampling.For(Eq3CallKind.ScenarioTurn, Eq3Sampling.OpenAiUrl, "gpt-4o"));
        Assert.Equal(new Eq3Sampling(1, null, 12000, true), Eq3Sampling.For(Eq3CallKind.ScenarioTurn, Eq3Sampling.OpenAiUrl, "o3"));
        Assert.Equal(new Eq3Sampling(0.7, 0.1, 12000), Eq3Sampling.For(Eq3CallKind.ScenarioTurn, "https://openrouter.ai/api/v1/chat/completions", "o3"));

        var options = Eq3Sampling.For(Eq3CallKind.ScenarioTurn).ToChatOptions();
        Assert.Equal(12000, options.MaxOutputTokens);
        Assert.Equal(0.1, Attune.Chat.ExtraBody.Of(options)[Eq3Sampling.MinPProperty]);
        Assert.Empty(Attune.Chat.ExtraBody.Of(Eq3Sampling.For(Eq3CallKind.Debrief).ToChatOptions()));
        Assert.Null(options.TopP);
        Assert.Null(options.Seed);
    }

    [Fact]
    public void Qwen3OnOpenRouterGetsNoThink()
    {
        using var folder = new Eq3Folder();
        var data = folder.Load();
        var req = Eq3Generation.NextRequest(data, data.Find("1")!, [], null, Eq3Generation.OpenRouterUrl, "qwen/Qwen3-235b")!;
        Assert.Equal((ChatRole.System, "/no_think"), (req.Messages[0].Role, req.Messages[0].Text));
        Assert.Single(Eq3Generation.NextRequest(data, data.Find("1")!, [], null, "https://openrouter.ai/api/v1", "qwen3")!.Messages);
    }

    [Fact]
    public void EligibilityGateCountsCodePoints()
    {
        static Eq3Message A(string s) => new(Eq3Message.Assistant, s);
        Assert.True(Eq3Generation.HasEnoughResponse([A(new string('x', 100))]));
        Assert.False(Eq3Generation.HasEnoughResponse([A("  " + new string('x', 99) + " \n")]));
        // 50 emoji are 100 UTF-16 units but 50 code points.
        Assert.False(Eq3Generation.HasEnoughResponse([A(string.Concat(Enumerable.Repeat("😀", 50)))]));
        Assert.True(Eq3Generation.HasEnoughResponse([A(string.Concat(Enumerable.Repeat("😀", 100)))]));
        Assert.False(Eq3Generation.HasEnoughResponse([new Eq3Message(Eq3Message.User, new string('x', 500))]));
    }

    [Fact]
    public void RunKeySanitisesTheModelName()
    {
        Assert.Equal("abc123_openai_gpt-4o_mini.v2", Eq3Generation.RunKey("abc123", "openai/gpt-4o mini.v2"));
        Assert.Equal("r_a_b", Eq3Generation.RunKey("r", "a :/ b"));
    }

    [Fact]
    public void StatusesUseTheReferenceNames()
    {
        Assert.Equal("completed", Eq3Status.ReadyForRubric(Eq3ScenarioKind.RolePlay));
        Assert.Equal("scenario_completed", Eq3Status.ReadyForRubric(Eq3ScenarioKind.Analysis));
        Assert.Equal("rubric_scored", Eq3Status.ExpectedFinal(Eq3ScenarioKind.Drafting, rubric: true));
        Assert.Equal("completed", Eq3Status.RunStatus([(Eq3ScenarioKind.RolePlay, "rubric_scored"), (Eq3ScenarioKind.Analysis, "rubric_scored")], true));
        Assert.Equal("completed_with_errors", Eq3Status.RunStatus([(Eq3ScenarioKind.RolePlay, "error")], true));
        Assert.Equal("completed", Eq3Status.RunStatus([(Eq3ScenarioKind.RolePlay, "completed"), (Eq3ScenarioKind.Analysis, "scenario_completed")], false));
    }
}
