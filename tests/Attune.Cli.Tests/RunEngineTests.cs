using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Attune.Cli.Tests;

/// <summary>
/// The run engine end to end (cache, resume after kill -9 and Ctrl-C, faults, reports, compare, rescore) on Attune's
/// own 64 EQ items, so these tests always run; expected figures come from the item file and the spec's formulas.
/// </summary>
public partial class RunEngineTests
{
    [System.Text.RegularExpressions.GeneratedRegex(@"(`{3,})text\n.*?\n\1\n", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex Fenced();

    private const int Items = 64;

    private static readonly Dictionary<string, EqAnswers.Question> Own = EqAnswers.Questions(EqAnswers.OwnItems);

    /// <summary>A loopback model that answers every own item exactly, unless <paramref name="fault"/> says otherwise.</summary>
    private static Task<TestEndpoint> PerfectServer(Func<TestRequest, string, TestReply?>? fault = null, TimeSpan latency = default)
    {
        var identify = EqAnswers.Identifier(Own);
        return TestEndpoint.StartAsync(req =>
        {
            var id = identify(req.Prompt);
            if (fault?.Invoke(req, id) is { } f) return f;
            var q = Own[id];
            return new TestReply(EqAnswers.Answer(q.Names, q.Scores), Delay: latency);
        });
    }

    private static string NewHome() => Directory.CreateTempSubdirectory("attune-home-").FullName;

    private static string[] RunArgs(TestEndpoint server, string db, params string[] extra)
        => ["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--db", db, "--json", .. extra];

    private static async Task<JsonElement> Json(params string[] args)
    {
        var r = await CliRunner.RunAsync(args);
        Assert.True(r.ExitCode == 0, $"attune {string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}");
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Rerun_asks_nothing_and_prints_the_same_score_and_fresh_asks_again()
    {
        await using var server = await PerfectServer();
        var db = Path.Combine(NewHome(), "runs.db");
        var first = await CliRunner.RunAsync(RunArgs(server, db, "--parallel", "32"));
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(Items, server.Calls);
        Assert.Equal(Items, server.Requests.Select(r => r.Prompt).Distinct().Count()); // each item asked once
        var second = await CliRunner.RunAsync(RunArgs(server, db));
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(Items, server.Calls);
        using var a = JsonDocument.Parse(first.Stdout);
        using var b = JsonDocument.Parse(second.Stdout);
        Assert.Equal(100.0, a.RootElement.GetProperty("score").GetDouble());
        Assert.Equal(100.0, b.RootElement.GetProperty("score").GetDouble());
        var fresh = await CliRunner.RunAsync(RunArgs(server, db, "--fresh"));
        Assert.Equal(0, fresh.ExitCode);
        Assert.Equal(2 * Items, server.Calls);
    }

    [Fact]
    public async Task Faults_are_retried_and_never_scored()
    {
        // every 7th call is a 429 with Retry-After, every 11th body is cut or truncated, every 13th is a 500
        static bool Fault(int call) => call % 7 == 0 || call % 11 == 0 || call % 13 == 0;
        await using var server = await PerfectServer((req, _) =>
            req.Call % 7 == 0 ? new TestReply(Status: 429, RetryAfter: "1")
            : req.Call % 11 == 0 ? new TestReply("Remorseful: 9", Truncate: req.Call % 22 == 0, Cut: req.Call % 22 != 0)
            : req.Call % 13 == 0 ? new TestReply(Status: 500)
            : null);
        var db = Path.Combine(NewHome(), "runs.db");
        var result = await CliRunner.RunAsync(RunArgs(server, db, "--parallel", "16", "--retries", "30"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(100.0, doc.RootElement.GetProperty("score").GetDouble());
        Assert.Equal((double)Items, doc.RootElement.GetProperty("parseable").GetDouble());
        // each fault costs exactly one more call, so the run ends at the 64th call number that is not a fault
        int lastCall = Enumerable.Range(1, 1000).Where(c => !Fault(c)).ElementAt(Items - 1);
        Assert.Equal(lastCall, server.Calls);
        var run = (await Json("runs", "list", "--db", db, "--json"))[0];
        Assert.Equal(Items, run.GetProperty("asked").GetInt32());
        Assert.Equal(lastCall - Items, run.GetProperty("transportFailures").GetInt32());
    }

    [Fact]
    public async Task A_run_killed_with_sigkill_resumes_and_asks_at_most_n_plus_parallel()
    {
        await using var server = await PerfectServer(latency: TimeSpan.FromMilliseconds(150));
        var db = Path.Combine(NewHome(), "runs.db");
        var env = new Dictionary<string, string?> { ["ATTUNE_HOME"] = NewHome() };
        using (var process = CliRunner.Start(RunArgs(server, db, "--parallel", "4"), env))
        {
            var sw = Stopwatch.StartNew();
            while (server.Calls < 20 && sw.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
            process.Kill(); // SIGKILL
            await process.WaitForExitAsync();
        }
        int before = server.Calls;
        Assert.InRange(before, 20, Items - 1);
        var resumed = await CliRunner.RunAsync(RunArgs(server, db, "--parallel", "4"));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        using var doc = JsonDocument.Parse(resumed.Stdout);
        Assert.Equal(100.0, doc.RootElement.GetProperty("score").GetDouble());
        Assert.InRange(server.Calls, Items, Items + 4); // at most the 4 in flight when killed are asked twice
        var runs = await Json("runs", "list", "--db", db, "--json");
        Assert.Equal(1, runs.GetArrayLength());
        Assert.Equal("completed", runs[0].GetProperty("status").GetString());
    }

    [CtrlCFact]
    public async Task Ctrl_c_stops_cleanly_and_leaves_a_resumable_run()
    {
        await using var server = await PerfectServer(latency: TimeSpan.FromMilliseconds(100));
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
        Assert.InRange(server.Calls, 10, Items - 1);
        var runs = await Json("runs", "list", "--db", db, "--json");
        Assert.Equal("interrupted", runs[0].GetProperty("status").GetString());
        var resumed = await CliRunner.RunAsync(RunArgs(server, db));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.InRange(server.Calls, Items, Items + 2);
        Assert.Equal(1, (await Json("runs", "list", "--db", db, "--json")).GetArrayLength());
    }

    [Fact]
    public async Task Compare_rescore_and_show_read_only_the_store_and_agree_with_the_run()
    {
        // two questions answer with markup around an answer the parser rejects: they stay unscored in both runs
        await using var server = await PerfectServer((_, id) => id is "5" or "10" ? TestReply.Ok("<script>alert('x')</script> Remorseful: 1") : null);
        var db = Path.Combine(NewHome(), "runs.db");
        var first = await Json(RunArgs(server, db, "--parallel", "8"));
        var second = await Json(RunArgs(server, db, "--fresh", "--parallel", "8"));
        int calls = server.Calls;
        Assert.Equal(2 * (Items + (2 * 2)), calls); // the two unparseable questions take 3 attempts each

        // independent expectation: 62 exact answers (10 each) → 100.00, parseable 62
        Assert.Equal(100.0, first.GetProperty("score").GetDouble());
        Assert.Equal(Items - 2.0, first.GetProperty("parseable").GetDouble());

        // two runs with identical answers: no difference, and the paired test cannot tell them apart
        var compare = await Json("runs", "compare", "1", "2", "--db", db, "--json");
        Assert.Equal(0.0, compare.GetProperty("difference").GetDouble());
        Assert.Equal(1.0, compare.GetProperty("pValue").GetDouble());
        Assert.Equal(Items - 2, compare.GetProperty("pairedItems").GetInt32());
        Assert.Equal(0.0, compare.GetProperty("meanItemDifference").GetDouble());
        Assert.Equal(first.GetProperty("score").GetDouble(), compare.GetProperty("a").GetProperty("score").GetDouble());
        Assert.Equal(second.GetProperty("score").GetDouble(), compare.GetProperty("b").GetProperty("score").GetDouble());

        // rescoring gives the stored run's figures back, item for item
        var rescored = await Json("runs", "rescore", "1", "--db", db, "--json");
        Assert.Equal(first.GetProperty("score").GetDouble(), rescored.GetProperty("score").GetDouble());
        Assert.Equal(first.GetProperty("parseable").GetDouble(), rescored.GetProperty("parseable").GetDouble());
        Assert.Equal(first.GetProperty("items").ToString(), rescored.GetProperty("items").ToString());
        var shown = await Json("runs", "show", "1", "--db", db, "--json");
        Assert.Equal(first.GetProperty("score").GetDouble(), shown.GetProperty("score").GetDouble());
        Assert.Equal(first.GetProperty("score").GetDouble(), shown.GetProperty("result").GetProperty("score").GetDouble());
        Assert.Equal("completed", shown.GetProperty("status").GetString());
        Assert.Equal(calls, server.Calls);
    }

    [Fact]
    public async Task Reports_show_iterations_distribution_and_emotion_errors_and_reach_nothing_outside()
    {
        // every answer rates its first emotion d = id mod 4 points off (high, or low where high would pass 10), the rest
        // exact; question 5 answers with markup and a hostile image tag
        const string Hostile = "<script>alert('x')</script><img src=http://evil.example/x.png onerror=alert(1)> <link rel=stylesheet href=//evil.example/s.css>";
        static double Offset(string id, double reference)
        {
            int d = int.Parse(id, CultureInfo.InvariantCulture) % 4;
            return reference + d <= 10 ? d : -d;
        }
        await using var server = await PerfectServer((req, id) =>
        {
            if (id == "5") return TestReply.Ok(Hostile);
            var q = Own[id];
            var answer = (double[])q.Scores.Clone();
            answer[0] += Offset(id, q.Scores[0]);
            return TestReply.Ok(EqAnswers.Answer(q.Names, answer));
        });
        var dir = NewHome();
        var db = Path.Combine(dir, "runs.db");
        var run = await Json(RunArgs(server, db, "--iterations", "2"));

        // expected, from the item file and the spec: per item 10 − 0.7477 × S(d); question 5 unscored
        static double S(double d) => d == 0 ? 0 : 6.5 * (1 / (1 + Math.Pow(Math.E, -1.2 * (d - 4))));
        var itemScores = Own.Where(kv => kv.Key != "5").Select(kv => 10 - (0.7477 * S(Math.Abs(Offset(kv.Key, kv.Value.Scores[0]))))).ToList();
        double expected = EqAnswers.Benchmark(itemScores);
        Assert.Equal(expected, run.GetProperty("score").GetDouble());
        var iterations = run.GetProperty("iterations").EnumerateArray().ToList();
        Assert.Equal(2, iterations.Count);
        Assert.All(iterations, it => Assert.Equal(Items - 1, it.GetProperty("finalParseable").GetInt32()));

        // over/under-rated emotions, computed here: first emotions carry the offset, the others 0
        var errors = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var (id, q) in Own.Where(kv => kv.Key != "5"))
        {
            for (int i = 0; i < 4; i++)
            {
                if (!errors.TryGetValue(q.Names[i], out var list)) errors[q.Names[i]] = list = [];
                for (int it = 0; it < 2; it++) list.Add(i == 0 ? Offset(id, q.Scores[0]) : 0);
            }
        }
        var expectedRows = errors.Where(e => e.Value.Count >= 2)
            .Select(e => (Emotion: e.Key, Count: e.Value.Count, Signed: e.Value.Average(), Abs: e.Value.Average(Math.Abs)))
            .OrderByDescending(e => Math.Abs(e.Signed) * Math.Sqrt(e.Count)).ThenBy(e => e.Emotion, StringComparer.Ordinal).Take(20).ToList();

        var jsonPath = Path.Combine(dir, "report.json");
        Assert.Equal(0, (await CliRunner.RunAsync(["report", "1", "--format", "json", "--out", jsonPath, "--db", db])).ExitCode);
        using (var report = JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath)))
        {
            var root = report.RootElement;
            Assert.Equal(expected, root.GetProperty("score").GetDouble());
            var tables = root.GetProperty("tables").EnumerateArray().ToList();
            var perIteration = tables.Single(t => t.GetProperty("title").GetString() == "Iterations").GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(["1", "2"], perIteration.Select(r => r[0].GetString()));
            Assert.All(perIteration, r => Assert.Equal(expected.ToString("0.00", CultureInfo.InvariantCulture), r[5].GetString()));
            var emotionRows = tables.Single(t => t.GetProperty("title").GetString()!.StartsWith("Which emotions", StringComparison.Ordinal)).GetProperty("rows").EnumerateArray().ToList();
            Assert.Equal(expectedRows.Select(e => e.Emotion), emotionRows.Select(r => r[0].GetString()));
            Assert.Equal(expectedRows.Select(e => e.Count.ToString(CultureInfo.InvariantCulture)), emotionRows.Select(r => r[1].GetString()));
            Assert.Equal(expectedRows.Select(e => e.Signed.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)), emotionRows.Select(r => r[2].GetString()));
            // the distribution of item scores (0–100, an item's mean over its iterations) in bins of 10, the last closed
            var bins = root.GetProperty("histogram").EnumerateArray().ToDictionary(b => b.GetProperty("bin").GetString()!, b => b.GetProperty("count").GetInt32());
            var on100 = itemScores.Select(v => v * 10).ToList();
            Assert.Equal(10, bins.Count);
            for (int b = 0; b < 10; b++)
            {
                Assert.Equal(on100.Count(v => v >= b * 10 && (v < (b + 1) * 10 || (b == 9 && v <= 100))), bins[$"{b * 10}–{(b + 1) * 10}"]);
            }
            Assert.True(bins["80–90"] > 0 && bins["90–100"] > 0);
        }

        var mdPath = Path.Combine(dir, "report.md");
        Assert.Equal(0, (await CliRunner.RunAsync(["report", "1", "--format", "md", "--out", mdPath, "--db", db])).ExitCode);
        var md = await File.ReadAllTextAsync(mdPath);
        Assert.Contains("## Iterations", md, StringComparison.Ordinal);
        Assert.Contains("## Distribution of item scores", md, StringComparison.Ordinal);
        Assert.Contains("## Which emotions the model over- and under-rates", md, StringComparison.Ordinal);
        Assert.Contains($"| {expectedRows[0].Emotion} | {expectedRows[0].Count} | {expectedRows[0].Signed.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)} |", md, StringComparison.Ordinal);
        Assert.Contains(expected.ToString("0.00", CultureInfo.InvariantCulture), md, StringComparison.Ordinal);

        var htmlPath = Path.Combine(dir, "report.html");
        var html = await CliRunner.RunAsync(["report", "1", "--format", "html", "--out", htmlPath, "--db", db]);
        Assert.True(html.ExitCode == 0, html.Stderr);
        var page = await File.ReadAllTextAsync(htmlPath);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.Contains("95% CI", page, StringComparison.Ordinal);
        Assert.Contains("Distribution of item scores", page, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"hist\"", page, StringComparison.Ordinal);
        Assert.Contains("Which emotions the model over- and under-rates", page, StringComparison.Ordinal);
        // the HTML file is self-contained: no scripts, no external style sheets, fonts or images
        var html2 = page.Replace(server.BaseUrl, "", StringComparison.Ordinal);
        foreach (var tag in new[] { "<script", "<link", "<img", "<iframe", "https://" }) Assert.DoesNotContain(tag, html2, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(?i)<[a-z][^>]*\s(src|href)\s*=", html2); // no element loads anything
        // in Markdown, model text is either escaped or inside a code fence it cannot close
        var outsideFences = Fenced().Replace(md, "");
        foreach (var tag in new[] { "<script", "<link", "<img" }) Assert.DoesNotContain(tag, outsideFences, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Hostile, md, StringComparison.Ordinal); // shown as it was, in a fence
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
