using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Attune.Cli.Tests;

public class RunEngineTests
{
    private static async Task<(TestEndpoint Server, Dictionary<string, string> ByPrompt)> PerfectServer(Func<TestRequest, string, TestReply?>? fault = null, TimeSpan latency = default)
    {
        var refs = EqAnswers.References(SharedData.EqEnglish);
        var prompts = await CliRunner.RunAsync(["eq", "prompts", "--questions", SharedData.EqEnglish]);
        var byPrompt = new Dictionary<string, string>();
        foreach (var line in prompts.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            byPrompt[doc.RootElement.GetProperty("prompt").GetString()!] = doc.RootElement.GetProperty("id").GetString()!;
        }
        var server = await TestEndpoint.StartAsync(req =>
        {
            if (fault?.Invoke(req, byPrompt[req.Prompt]) is { } f) return f;
            var (names, scores) = refs[byPrompt[req.Prompt]];
            return new TestReply(EqAnswers.Answer(names, scores), Delay: latency);
        });
        return (server, byPrompt);
    }

    private static string NewHome() => Directory.CreateTempSubdirectory("attune-home-").FullName;

    private static string[] RunArgs(TestEndpoint server, string db, params string[] extra)
        => ["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--questions", SharedData.EqEnglish, "--db", db, "--json", .. extra];

    [SharedFact]
    public async Task Rerun_asks_nothing_and_prints_the_same_score_and_fresh_asks_again()
    {
        var (server, _) = await PerfectServer();
        await using var _s = server;
        var db = Path.Combine(NewHome(), "runs.db");
        var first = await CliRunner.RunAsync(RunArgs(server, db, "--parallel", "32"));
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(171, server.Calls);
        var second = await CliRunner.RunAsync(RunArgs(server, db));
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(171, server.Calls);
        using var a = JsonDocument.Parse(first.Stdout);
        using var b = JsonDocument.Parse(second.Stdout);
        Assert.Equal(100.0, a.RootElement.GetProperty("score").GetDouble());
        Assert.Equal(a.RootElement.GetProperty("score").GetDouble(), b.RootElement.GetProperty("score").GetDouble());
        var fresh = await CliRunner.RunAsync(RunArgs(server, db, "--fresh"));
        Assert.Equal(0, fresh.ExitCode);
        Assert.Equal(342, server.Calls);
    }

    [SharedFact]
    public async Task Faults_are_retried_and_never_scored()
    {
        // every 7th call is a 429 with Retry-After, every 11th body is truncated, every 13th is a 500
        var (server, _) = await PerfectServer((req, _) =>
            req.Call % 7 == 0 ? new TestReply(Status: 429, RetryAfter: "1")
            : req.Call % 11 == 0 ? new TestReply("Remorseful: 9", Truncate: req.Call % 22 == 0, Cut: req.Call % 22 != 0)
            : req.Call % 13 == 0 ? new TestReply(Status: 500)
            : null);
        await using var _s = server;
        var db = Path.Combine(NewHome(), "runs.db");
        var result = await CliRunner.RunAsync(RunArgs(server, db, "--parallel", "16"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(100.0, doc.RootElement.GetProperty("score").GetDouble());
        Assert.Equal(171.0, doc.RootElement.GetProperty("parseable").GetDouble());
        var list = await CliRunner.RunAsync(["runs", "list", "--db", db, "--json"]);
        using var runs = JsonDocument.Parse(list.Stdout);
        var run = runs.RootElement[0];
        Assert.Equal(171, run.GetProperty("asked").GetInt32());
        Assert.True(run.GetProperty("transportFailures").GetInt32() >= 171 / 7);
    }

    [SharedFact]
    public async Task A_run_killed_with_sigkill_resumes_and_asks_at_most_n_plus_parallel()
    {
        var (server, _) = await PerfectServer(latency: TimeSpan.FromMilliseconds(150));
        await using var _s = server;
        var db = Path.Combine(NewHome(), "runs.db");
        var env = new Dictionary<string, string?> { ["ATTUNE_HOME"] = NewHome() };
        using (var process = CliRunner.Start(RunArgs(server, db, "--parallel", "4"), env))
        {
            var sw = Stopwatch.StartNew();
            while (server.Calls < 40 && sw.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
            process.Kill(); // SIGKILL
            await process.WaitForExitAsync();
        }
        int before = server.Calls;
        Assert.InRange(before, 40, 170);
        var resumed = await CliRunner.RunAsync(RunArgs(server, db, "--parallel", "4"));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        using var doc = JsonDocument.Parse(resumed.Stdout);
        Assert.Equal(100.0, doc.RootElement.GetProperty("score").GetDouble());
        Assert.InRange(server.Calls, 171, 171 + 4);
        var list = await CliRunner.RunAsync(["runs", "list", "--db", db, "--json"]);
        using var runs = JsonDocument.Parse(list.Stdout);
        Assert.Equal(1, runs.RootElement.GetArrayLength());
        Assert.Equal("completed", runs.RootElement[0].GetProperty("status").GetString());
    }

    [SharedFact]
    public async Task Ctrl_c_stops_cleanly_and_leaves_a_resumable_run()
    {
        var (server, _) = await PerfectServer(latency: TimeSpan.FromMilliseconds(100));
        await using var _s = server;
        var db = Path.Combine(NewHome(), "runs.db");
        using (var process = CliRunner.Start(RunArgs(server, db, "--parallel", "2"), new Dictionary<string, string?>()))
        {
            var sw = Stopwatch.StartNew();
            while (server.Calls < 10 && sw.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(cts.Token);
            Assert.Equal(130, process.ExitCode);
        }
        var list = await CliRunner.RunAsync(["runs", "list", "--db", db, "--json"]);
        using (var runs = JsonDocument.Parse(list.Stdout)) Assert.Equal("interrupted", runs.RootElement[0].GetProperty("status").GetString());
        var resumed = await CliRunner.RunAsync(RunArgs(server, db));
        Assert.Equal(0, resumed.ExitCode);
        Assert.InRange(server.Calls, 171, 171 + 2);
    }

    [SharedFact]
    public async Task Reports_compare_and_rescore_read_only_the_store()
    {
        var (server, _) = await PerfectServer((_, id) => id is "5" or "10" ? TestReply.Ok("<script>alert('x')</script> Remorseful: 1") : null);
        await using var _s = server;
        var dir = NewHome();
        var db = Path.Combine(dir, "runs.db");
        Assert.Equal(0, (await CliRunner.RunAsync(RunArgs(server, db, "--parallel", "1"))).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(RunArgs(server, db, "--fresh", "--parallel", "1"))).ExitCode);
        int calls = server.Calls;

        var html = Path.Combine(dir, "report.html");
        var report = await CliRunner.RunAsync(["report", "1", "--format", "html", "--out", html, "--db", db]);
        Assert.True(report.ExitCode == 0, report.Stderr);
        var text = await File.ReadAllTextAsync(html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.Contains("95% CI", text, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", text.Replace(server.BaseUrl, "", StringComparison.Ordinal), StringComparison.Ordinal);

        foreach (var format in new[] { "md", "json" })
        {
            var path = Path.Combine(dir, "report." + format);
            Assert.Equal(0, (await CliRunner.RunAsync(["report", "1", "--format", format, "--out", path, "--db", db])).ExitCode);
            Assert.True(new FileInfo(path).Length > 100);
        }

        var compare = await CliRunner.RunAsync(["runs", "compare", "1", "2", "--db", db, "--json"]);
        Assert.True(compare.ExitCode == 0, compare.Stderr);
        using (var doc = JsonDocument.Parse(compare.Stdout))
        {
            Assert.True(doc.RootElement.GetProperty("pairedItems").GetInt32() > 100);
            Assert.True(doc.RootElement.GetProperty("pValue").GetDouble() is >= 0 and <= 1);
        }
        var rescore = await CliRunner.RunAsync(["runs", "rescore", "1", "--db", db, "--json"]);
        Assert.Equal(0, rescore.ExitCode);
        var show = await CliRunner.RunAsync(["runs", "show", "1", "--db", db, "--json"]);
        Assert.Equal(0, show.ExitCode);
        Assert.Equal(calls, server.Calls);
    }

    [Fact]
    public async Task A_db_that_is_not_sqlite_is_refused_and_not_overwritten()
    {
        var path = Path.Combine(NewHome(), "notes.db");
        await File.WriteAllTextAsync(path, "precious notes");
        var result = await CliRunner.RunAsync(["run", "--db", path]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a SQLite database", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("precious notes", await File.ReadAllTextAsync(path));
    }
}
