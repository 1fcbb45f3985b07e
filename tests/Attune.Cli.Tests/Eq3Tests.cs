using System.Text.Json;

namespace Attune.Cli.Tests;

public class Eq3Tests
{
    private static readonly string Reply = "# I'm thinking & feeling\n" + new string('t', 150) + "\n# They're thinking & feeling\nthey feel x\n# My response\nI answer kindly.\n--\n";

    private static string Standard(int value) => "{\"chain_of_thought_reasoning\": \"ok\", " + string.Join(", ", new[]
    {
        "demonstrated_empathy", "pragmatic_ei", "depth_of_insight", "social_dexterity", "emotional_reasoning", "message_tailoring", "boundary_setting",
        "safety_conscious", "moralising", "sycophantic", "compliant", "challenging", "warmth", "validating", "analytical", "reactive", "conversational", "humanlike",
    }.Select(k => $"\"{k}\": {value}")) + "}";

    private static string Analysis(int value) => "{" + string.Join(", ", new[]
    {
        "depth_of_insight", "emotional_reasoning", "theory_of_mind", "subtext_identification", "intellectual_grounding", "correctness",
    }.Select(k => $"\"{k}\": {value}")) + "}";

    /// <summary>One loopback endpoint plays subject and judge (told apart by model name).</summary>
    private static Task<TestEndpoint> TwoRoles(Func<TestRequest, TestReply?>? special = null, TimeSpan latency = default) => TestEndpoint.StartAsync(req =>
    {
        if (special?.Invoke(req) is { } s) return s;
        if (req.Model == "judge") return new TestReply(req.Prompt.Contains("subtext_identification", StringComparison.Ordinal) ? Analysis(12) : Standard(15), Delay: latency);
        return new TestReply(req.Prompt.Contains("debrief", StringComparison.OrdinalIgnoreCase) && req.Messages.Count > 2 && req.Prompt.Length < 1000 ? "A thoughtful debrief." : Reply, Delay: latency);
    });

    private static string[] Args(TestEndpoint server, string db, params string[] extra) =>
    [
        "run", "--suite", "eq3", "--questions", SharedData.Path_("data", "eqbench3"),
        "--model", "openai:subject", "--base-url", server.BaseUrl, "--judge", "openai:judge", "--judge-base-url", server.BaseUrl,
        "--db", db, "--json", .. extra,
    ];

    private static string Db() => Path.Combine(Directory.CreateTempSubdirectory("attune-eq3-").FullName, "runs.db");

    [SharedFact]
    public async Task All_45_reference_scenarios_run_and_score_as_computed_by_hand()
    {
        // scenario 101's rubric answer is unreadable: the reference's failure status, never a zero
        await using var server = await TwoRoles(req => req.Model == "judge" && req.Prompt.Contains("Elena Suarez", StringComparison.Ordinal) ? new TestReply("I cannot score this.") : null);
        var result = await CliRunner.RunAsync(Args(server, Db(), "--parallel", "12"), timeout: TimeSpan.FromMinutes(4));
        Assert.True(result.ExitCode == 0, result.Stderr);
        // spec §2.6: 92 scenario turns + 26 debriefs, and one rubric call per task (45)
        Assert.Equal(92 + 26, server.Requests.Count(r => r.Model == "subject"));
        Assert.Equal(45, server.Requests.Count(r => r.Model == "judge"));
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(45, items.Count);
        var failed = items.Where(i => i.GetProperty("status").GetString() == "error").ToList();
        var rolePlaysLeft = items.Count(i => i.GetProperty("kind").GetString() != "analysis" && i.GetProperty("status").GetString() == "rubric_scored");
        var analyses = items.Count(i => i.GetProperty("kind").GetString() == "analysis");
        Assert.Equal(19, analyses);
        Assert.Equal(JsonValueKind.Null, Assert.Single(failed).GetProperty("score").ValueKind);
        Assert.Equal(25, rolePlaysLeft);
        // hand computation: 25 role-play/drafting tasks at 15 and 19 analysis tasks at 12 → (375 + 228) / 44 = 13.7045 → 13.70 → × 5
        Assert.Equal(13.70, root.GetProperty("rubric").GetDouble());
        Assert.Equal(68.5, root.GetProperty("score").GetDouble());
        Assert.Equal(44, root.GetProperty("tasks").GetInt32());
        // the subject never gets a system message and min_p 0.1 on scenario turns, not on the debrief
        var subjectBodies = server.Requests.Where(r => r.Model == "subject").Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.All(subjectBodies, b => Assert.NotEqual("system", b.GetProperty("messages")[0].GetProperty("role").GetString()));
        Assert.Equal(92, subjectBodies.Count(b => b.TryGetProperty("min_p", out var p) && p.GetDouble() == 0.1));
        var rerun = await CliRunner.RunAsync(Args(server, Db()), timeout: TimeSpan.FromMinutes(2));
        Assert.Equal(0, rerun.ExitCode);
    }

    [SharedFact]
    public async Task A_run_killed_mid_conversation_resumes_at_the_turn_it_stopped()
    {
        await using var server = await TwoRoles(latency: TimeSpan.FromMilliseconds(40));
        var db = Db();
        var args = Args(server, db, "--parallel", "4");
        using (var process = CliRunner.Start(args, new Dictionary<string, string?> { ["ATTUNE_HOME"] = Path.GetDirectoryName(db) }))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (server.Calls < 40 && DateTime.UtcNow < deadline) await Task.Delay(20);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Assert.InRange(server.Calls, 40, 162);
        var resumed = await CliRunner.RunAsync(args, timeout: TimeSpan.FromMinutes(3));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        // 163 requests in all; only those in flight at the kill (at most 4 per role) are asked again
        Assert.InRange(server.Calls, 163, 163 + 8);
        using var doc = JsonDocument.Parse(resumed.Stdout);
        // all 45 scored: (26 × 15 + 19 × 12) / 45 = 13.7333 → 13.73 → × 5 = 68.65
        Assert.Equal(68.65, doc.RootElement.GetProperty("score").GetDouble(), 6);
    }

    [Fact]
    public async Task Attunes_own_scenarios_run_with_their_declared_kinds()
    {
        await using var server = await TwoRoles();
        var result = await CliRunner.RunAsync(["run", "--suite", "eq3", "--model", "openai:subject", "--base-url", server.BaseUrl, "--judge", "openai:judge", "--judge-base-url", server.BaseUrl, "--db", Db(), "--json"], timeout: TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        var kinds = doc.RootElement.GetProperty("items").EnumerateArray().GroupBy(i => i.GetProperty("kind").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(22, kinds["roleplay"]);
        Assert.Equal(4, kinds["drafting"]);
        Assert.Equal(6, kinds["analysis"]);
    }

    [Fact]
    public async Task No_judge_is_refused_unless_the_rubric_is_off()
    {
        await using var server = await TwoRoles();
        var noJudge = await CliRunner.RunAsync(["run", "--suite", "eq3", "--model", "openai:subject", "--base-url", server.BaseUrl, "--db", Db()]);
        Assert.Equal(2, noJudge.ExitCode);
        Assert.Contains("--judge", noJudge.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, server.Calls);
        var empty = Directory.CreateTempSubdirectory("attune-eq3-empty-").FullName;
        var missing = await CliRunner.RunAsync(["run", "--suite", "eq3", "--questions", empty, "--model", "openai:subject", "--base-url", server.BaseUrl, "--no-rubric", "--db", Db()]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains(empty, missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, server.Calls);
    }
}
