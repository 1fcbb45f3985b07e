using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Attune.Tests;

namespace Attune.Benchmarks;

/// <summary>
/// Wall time of the judged-conversation suites against their ideal, through the real binary and a loopback endpoint with
/// a fixed latency: the ideal is the larger of the longest chain of dependent calls × latency and the total calls spread
/// over the concurrency × latency.
/// </summary>
internal static class ConversationBench
{
    private static readonly string RolePlayReply = "# I'm thinking & feeling\n" + new string('t', 400) + "\n# They're thinking & feeling\nthey feel x\n# My response\nI answer kindly.\n--\n";

    private static string Rubric(bool analysis) => analysis
        ? "{\"depth_of_insight\": 12, \"emotional_reasoning\": 12, \"theory_of_mind\": 12, \"subtext_identification\": 12, \"intellectual_grounding\": 12, \"correctness\": 12}"
        : "{\"demonstrated_empathy\": 15, \"pragmatic_ei\": 15, \"depth_of_insight\": 15, \"social_dexterity\": 15, \"emotional_reasoning\": 15, \"message_tailoring\": 15}";

    public static async Task<int> Eq3Async(string attune, string repo)
    {
        var data = Path.GetFullPath(Path.Combine(repo, "..", "shared", "data", "eqbench3"));
        var latency = TimeSpan.FromMilliseconds(500);
        const int parallel = 16;
        await using var server = await TestEndpoint.StartAsync(req => new TestReply(
            req.Model == "judge" ? Rubric(req.Prompt.Contains("subtext_identification", StringComparison.Ordinal)) : RolePlayReply, Delay: latency));
        // 45 scenarios: 92 turns + 26 debriefs + 45 rubric calls per subject; the longest chain is a 4-turn role-play:
        // 4 turns, its debrief and its rubric call
        const int calls = 92 + 26 + 45, chain = 4 + 1 + 1;
        double ideal = Math.Max(chain * latency.TotalSeconds, calls / (double)parallel * latency.TotalSeconds);
        Console.WriteLine($"eq3, 45 scenarios × 3 subjects, latency {latency.TotalMilliseconds} ms, --parallel {parallel}: ideal per subject max({chain} × {latency.TotalSeconds} s, {calls}/{parallel} × {latency.TotalSeconds} s) = {ideal:0.00} s");
        // the build output (what `dotnet run --project src/Attune.Cli` runs: every method jitted at first use) and the
        // install the README gives (ReadyToRun); the target is judged on the install
        foreach (var (form, binary) in new[] { ("build output (JIT)", attune), ("ReadyToRun install", BenchRuns.PublishReadyToRun(repo)) })
        {
            var walls = new List<double>();
            var runs = new List<double>();
            foreach (var subject in new[] { "warmup", "alpha", "beta", "gamma" })
            {
                var db = Path.Combine(Directory.CreateTempSubdirectory("attune-bench-eq3-").FullName, "runs.db");
                var (exit, _, wall, _) = await BenchRuns.RunAsync(binary, ["run", "--suite", "eq3", "--questions", data, "--model", "openai:" + subject, "--base-url", server.BaseUrl,
                    "--judge", "openai:judge", "--judge-base-url", server.BaseUrl, "--parallel", parallel.ToString(CultureInfo.InvariantCulture), "--db", db, "--json"]);
                if (exit != 0) throw new InvalidOperationException("eq3 run failed");
                double run = BenchRuns.RunSeconds(binary, db, 1);
                if (subject != "warmup")
                {
                    walls.Add(wall.TotalSeconds);
                    runs.Add(run);
                }
                Console.WriteLine($"  {form}, {subject}: {wall.TotalSeconds:0.00} s wall, run {run:0.00} s");
            }
            Console.WriteLine($"  {form}: wall per subject, process start included (median of 3): {BenchRuns.Median(walls):0.00} s = {BenchRuns.Median(walls) / ideal:0.00}× the ideal (target ≤ 1.25×)");
            Console.WriteLine($"  {form}: run per subject, process start excluded (median of 3): {BenchRuns.Median(runs):0.00} s = {BenchRuns.Median(runs) / ideal:0.00}× the ideal");
        }

        // memory: 10 iterations (450 tasks) at zero latency
        await using var fast = await TestEndpoint.StartAsync(req => TestReply.Ok(req.Model == "judge" ? Rubric(req.Prompt.Contains("subtext_identification", StringComparison.Ordinal)) : RolePlayReply));
        var memDb = Path.Combine(Directory.CreateTempSubdirectory("attune-bench-eq3-").FullName, "runs.db");
        var (mexit, _, mwall, peak) = await BenchRuns.RunAsync(attune, ["run", "--suite", "eq3", "--questions", data, "--model", "openai:mem", "--base-url", fast.BaseUrl,
            "--judge", "openai:judge", "--judge-base-url", fast.BaseUrl, "--iterations", "10", "--parallel", "32", "--db", memDb, "--json"]);
        if (mexit != 0) throw new InvalidOperationException("eq3 memory run failed");
        Console.WriteLine($"  10 iterations (450 tasks, 1,630 calls) at zero latency: {mwall.TotalSeconds:0.0} s, peak memory (VmHWM) {peak / 1048576.0:0.0} MB (target < 300 MB)");
        return 0;
    }

    public static async Task<int> SafetyAsync(string attune, string repo)
    {
        var data = Path.GetFullPath(Path.Combine(repo, "..", "shared", "data", "spiralbench"));
        var latency = TimeSpan.FromMilliseconds(300);
        const int parallel = 30, turns = 20;
        await using var server = await TestEndpoint.StartAsync(req => new TestReply(req.Model switch
        {
            "judge" when req.Messages[0].Content.StartsWith("You are an expert evaluator", StringComparison.Ordinal) => "{\"off_rails\": 2, \"safety\": 8, \"social_dexterity\": 7}",
            "judge" => "# Reasoning\nok\n# Result\n{\"pushback\": [[\"subject reply\", 1]]}",
            "user" => "user turn",
            _ => "subject reply",
        }, Delay: latency));
        // the longest chain of dependent calls: 20 subject replies and 20 simulated-user turns, then the final judgement
        // (chunks are judged while the conversation goes on)
        const int chain = (2 * turns) + 1;
        double ideal = chain * latency.TotalSeconds;
        var walls = new List<double>();
        for (int r = 0; r < 3; r++)
        {
            var db = Path.Combine(Directory.CreateTempSubdirectory("attune-bench-safety-").FullName, "runs.db");
            var (exit, _, wall, peak) = await BenchRuns.RunAsync(attune, ["run", "--suite", "safety", "--questions", data, "--model", "openai:subject", "--base-url", server.BaseUrl,
                "--user-model", "openai:user", "--user-base-url", server.BaseUrl, "--judge", "openai:judge", "--judge-base-url", server.BaseUrl,
                "--turns", turns.ToString(CultureInfo.InvariantCulture), "--parallel", parallel.ToString(CultureInfo.InvariantCulture), "--db", db, "--json"]);
            if (exit != 0) throw new InvalidOperationException("safety run failed");
            walls.Add(wall.TotalSeconds);
            Console.WriteLine($"  run {r + 1}: {wall.TotalSeconds:0.00} s, peak memory {peak / 1048576.0:0.0} MB");
        }
        Console.WriteLine($"safety, 30 conversations × {turns} turns, latency {latency.TotalMilliseconds} ms, --parallel {parallel}: ideal {chain} dependent calls × {latency.TotalSeconds} s = {ideal:0.00} s");
        Console.WriteLine($"  wall, process start included (median of 3): {BenchRuns.Median(walls):0.00} s = {BenchRuns.Median(walls) / ideal:0.00}× the ideal (target ≤ 1.2×)");
        return 0;
    }

    /// <summary>
    /// <c>attune audit</c> over 1,000 and then 10,000 logged conversations (synthetic, generated here: a user and an
    /// assistant trading three turns each) against a loopback judge without latency: wall time, judge calls per second
    /// and peak memory, whose ratio between the two sizes says whether memory stays flat while the file streams.
    /// </summary>
    public static async Task<int> AuditAsync(string attune)
    {
        await using var server = await TestEndpoint.StartAsync(req => new TestReply(
            req.Messages[0].Content.StartsWith("You are an expert evaluator", StringComparison.Ordinal)
                ? "{\"off_rails\": 2, \"safety\": 8, \"social_dexterity\": 7}"
                : "# Reasoning\nok\n# Result\n{\"pushback\": [[\"I hear you\", 1]]}"));
        var dir = Directory.CreateTempSubdirectory("attune-bench-audit-").FullName;
        var peaks = new List<(int Conversations, double Wall, long Peak, int Calls)>();
        foreach (int n in new[] { 1_000, 10_000 })
        {
            var file = Path.Combine(dir, $"conversations-{n}.jsonl");
            await using (var w = new StreamWriter(file))
            {
                for (int i = 0; i < n; i++)
                {
                    var messages = new List<object> { new { role = "system", content = "You are a supportive companion app." } };
                    for (int t = 0; t < 3; t++)
                    {
                        messages.Add(new { role = "user", content = $"Conversation {i}, turn {t}: I had a long day and I keep thinking about what my sister said at dinner. Do you think I overreacted?" });
                        messages.Add(new { role = "assistant", content = $"I hear you. It sounds like turn {t} of a hard evening; what part of what she said stays with you most? Talking to her tomorrow, when you are both rested, might help." });
                    }
                    await w.WriteLineAsync(JsonSerializer.Serialize(new { id = $"c{i:D5}", messages }));
                }
            }
            int before = server.Calls;
            var db = Path.Combine(dir, $"audit-{n}.db");
            var (exit, _, wall, peak) = await BenchRuns.RunAsync(attune, ["audit", "--file", file, "--judge", "openai:judge", "--judge-base-url", server.BaseUrl, "--db", db, "--parallel", "32"]);
            if (exit != 0) throw new InvalidOperationException("audit failed");
            peaks.Add((n, wall.TotalSeconds, peak, server.Calls - before));
            Console.WriteLine($"  audit of {n:N0} conversations ({new FileInfo(file).Length / 1048576.0:0.0} MB): {wall.TotalSeconds:0.0} s, {server.Calls - before:N0} judge calls ({(server.Calls - before) / wall.TotalSeconds:0} per second), peak memory {peak / 1048576.0:0} MB");
        }
        Console.WriteLine($"audit, 10× the conversations: {peaks[1].Wall / peaks[0].Wall:0.0}× the time, {(double)peaks[1].Peak / peaks[0].Peak:0.00}× the peak memory");
        return 0;
    }
}
