using System.Text.Json;

namespace Attune.Cli.Tests;

public class RateTests
{
    private static readonly string[] PairwiseKeys = ["demonstrated_empathy", "pragmatic_ei", "depth_of_insight", "social_dexterity", "emotional_reasoning", "appropriate_validating_challenging", "message_tailoring", "overall_eq"];

    private static string Reply(string marker) => $"# I'm thinking & feeling\n{marker} {new string('t', 150)}\n# They're thinking & feeling\nthey feel x\n# My response\n{marker} answers.\n--\n";

    /// <summary>Plays two subjects (ALPHA and BETA), the rubric judge and the pairwise judge, which always prefers ALPHA by "++" per criterion.</summary>
    private static Task<TestEndpoint> Server() => TestEndpoint.StartAsync(req =>
    {
        var prompt = req.Prompt;
        if (req.Model == "judge")
        {
            if (prompt.Contains("A0493", StringComparison.Ordinal))
            {
                int a = prompt.IndexOf("ALPHA", StringComparison.Ordinal), b = prompt.IndexOf("BETA", StringComparison.Ordinal);
                var winner = a >= 0 && (b < 0 || a < b) ? "A0493" : "A0488";
                return TestReply.Ok("{\"chain_of_thought_reasoning\": \"x\", " + string.Join(", ", PairwiseKeys.Select(k => $"\"{k}\": \"{winner}++\"")) + "}");
            }
            var keys = prompt.Contains("subtext_identification", StringComparison.Ordinal)
                ? new[] { "depth_of_insight", "emotional_reasoning", "theory_of_mind", "subtext_identification", "intellectual_grounding", "correctness" }
                : new[] { "demonstrated_empathy", "pragmatic_ei", "depth_of_insight", "social_dexterity", "emotional_reasoning", "message_tailoring" };
            return TestReply.Ok("{" + string.Join(", ", keys.Select(k => $"\"{k}\": 10")) + "}");
        }
        return TestReply.Ok(Reply(req.Model == "alpha" ? "ALPHA" : "BETA"));
    });

    private static async Task Eq3Run(TestEndpoint server, string db, string model)
    {
        var r = await CliRunner.RunAsync(["run", "--suite", "eq3", "--questions", SharedData.Path_("data", "eqbench3"), "--model", "openai:" + model, "--base-url", server.BaseUrl,
            "--judge", "openai:judge", "--judge-base-url", server.BaseUrl, "--db", db, "--json", "--parallel", "12"], timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    private static string[] Rate(TestEndpoint server, string db, params string[] extra)
        => ["rate", "--judge", "openai:judge", "--judge-base-url", server.BaseUrl, "--db", db, "--json", .. extra];

    [SharedFact]
    public async Task A_single_model_gets_1200_and_two_models_are_ranked_by_the_judges_verdicts()
    {
        await using var server = await Server();
        var db = Path.Combine(Directory.CreateTempSubdirectory("attune-rate-").FullName, "runs.db");
        await Eq3Run(server, db, "alpha");
        var alone = await CliRunner.RunAsync(Rate(server, db));
        Assert.True(alone.ExitCode == 0, alone.Stderr);
        using (var doc = JsonDocument.Parse(alone.Stdout))
        {
            var only = Assert.Single(doc.RootElement.GetProperty("ratings").EnumerateArray());
            Assert.Equal("alpha", only.GetProperty("model").GetString());
            Assert.Equal(1200, only.GetProperty("elo").GetDouble());
            Assert.Equal(116.67, only.GetProperty("sigma").GetDouble());
            Assert.Equal(0, doc.RootElement.GetProperty("comparisons").GetArrayLength());
        }
        await Eq3Run(server, db, "beta");
        int before = server.Calls;
        var both = await CliRunner.RunAsync(Rate(server, db, "--all-pairs"), timeout: TimeSpan.FromMinutes(3));
        Assert.True(both.ExitCode == 0, both.Stderr);
        // every one of the 45 shared scenarios is judged in both orders
        Assert.Equal(90, server.Calls - before);
        using (var doc = JsonDocument.Parse(both.Stdout))
        {
            var ratings = doc.RootElement.GetProperty("ratings").EnumerateArray().ToList();
            Assert.Equal(["alpha", "beta"], ratings.Select(r => r.GetProperty("model").GetString()));
            Assert.True(ratings[0].GetProperty("elo").GetDouble() > 1200 && ratings[1].GetProperty("elo").GetDouble() < 1200);
            var comparisons = doc.RootElement.GetProperty("comparisons").EnumerateArray().ToList();
            Assert.Equal(90, comparisons.Count);
            // role-play directions carry 8 criteria × 2 pluses for the winner; analysis ones are downscaled to 1/0 (spec §4.5)
            Assert.All(comparisons, c =>
            {
                var alphaIsTest = c.GetProperty("testModel").GetString() == "alpha";
                var winnerPluses = alphaIsTest ? c.GetProperty("plusForTest").GetDouble() : c.GetProperty("plusForOther").GetDouble();
                bool analysis = int.Parse(c.GetProperty("scenario").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 400;
                Assert.Equal(analysis ? 1 : 16, winnerPluses);
                Assert.Equal(alphaIsTest ? 1.0 : 0.0, c.GetProperty("outcomeForTest").GetDouble());
            });
        }
        // the verdicts are stored: rating again asks the judge nothing and gives the same ladder
        int stored = server.Calls;
        var again = await CliRunner.RunAsync(Rate(server, db, "--all-pairs"), timeout: TimeSpan.FromMinutes(2));
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(stored, server.Calls);
        Assert.Equal(JsonDocument.Parse(both.Stdout).RootElement.GetProperty("ratings").GetRawText(), JsonDocument.Parse(again.Stdout).RootElement.GetProperty("ratings").GetRawText());

        // the rating run's report: the ladder with its intervals, and each model's win rate per scenario kind (the judge
        // always prefers ALPHA: 100% for alpha and 0% for beta in every kind the 45 scenarios have)
        long ratingRun;
        using (var doc = JsonDocument.Parse(both.Stdout)) ratingRun = doc.RootElement.GetProperty("run").GetInt64();
        var md = await CliRunner.RunAsync(["report", ratingRun.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "md", "--db", db]);
        Assert.True(md.ExitCode == 0, md.Stderr);
        Assert.True(md.Stdout.Contains("## Ladder", StringComparison.Ordinal), md.Stdout);
        Assert.Contains("| alpha | 100% | 100% | 100% | 100% |", md.Stdout, StringComparison.Ordinal);
        Assert.Contains("| beta | 0% | 0% | 0% | 0% |", md.Stdout, StringComparison.Ordinal);
        var json = await CliRunner.RunAsync(["report", ratingRun.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json", "--db", db]);
        Assert.True(json.ExitCode == 0, json.Stderr);
        using (var report = JsonDocument.Parse(json.Stdout))
        using (var rated = JsonDocument.Parse(both.Stdout))
        {
            var fromReport = report.RootElement.GetProperty("ratings").EnumerateArray().ToList();
            var fromRate = rated.RootElement.GetProperty("ratings").EnumerateArray().ToList();
            Assert.Equal(fromRate.Select(r => (r.GetProperty("model").GetString(), r.GetProperty("ciLow").GetDouble(), r.GetProperty("ciHigh").GetDouble())),
                fromReport.Select(r => (r.GetProperty("model").GetString(), r.GetProperty("ciLow").GetDouble(), r.GetProperty("ciHigh").GetDouble())));
            Assert.Equal(1.0, fromReport[0].GetProperty("winRate").GetProperty("roleplay").GetDouble());
            Assert.Equal(0.0, fromReport[1].GetProperty("winRate").GetProperty("analysis").GetDouble());
        }
        var html = await CliRunner.RunAsync(["report", ratingRun.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", Path.Combine(Path.GetDirectoryName(db)!, "rating.html"), "--db", db]);
        Assert.True(html.ExitCode == 0, html.Stderr);
        var page = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(db)!, "rating.html"));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(page, "<circle cx=").Count); // one interval whisker per model
        var id = ratingRun.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var show = await CliRunner.RunAsync(["runs", "show", id, "--db", db]);
        Assert.True(show.ExitCode == 0, show.Stderr);
        Assert.Contains("Win rate per scenario kind", show.Stdout, StringComparison.Ordinal);
        var rescore = await CliRunner.RunAsync(["runs", "rescore", id, "--db", db]);
        Assert.Equal(2, rescore.ExitCode);
        Assert.Contains("is a rating: run `attune rate` again", rescore.Stderr, StringComparison.Ordinal);
    }

    [SharedFact]
    public async Task Adding_a_model_follows_the_matchup_schedule()
    {
        await using var server = await Server();
        var db = Path.Combine(Directory.CreateTempSubdirectory("attune-rate-").FullName, "runs.db");
        await Eq3Run(server, db, "alpha");
        await Eq3Run(server, db, "beta");
        int before = server.Calls;
        var rated = await CliRunner.RunAsync(Rate(server, db), timeout: TimeSpan.FromMinutes(3));
        Assert.True(rated.ExitCode == 0, rated.Stderr);
        using var doc = JsonDocument.Parse(rated.Stdout);
        var comparisons = doc.RootElement.GetProperty("comparisons").EnumerateArray().ToList();
        // stage 1 compares one pair, scenario 404 first (spec §5.4), in both orders
        Assert.Equal("404", comparisons[0].GetProperty("scenario").GetString());
        Assert.Equal("404", comparisons[1].GetProperty("scenario").GetString());
        Assert.Equal(server.Calls - before, comparisons.Count);
        Assert.Equal(0, comparisons.Count % 2);
        Assert.Equal("alpha", doc.RootElement.GetProperty("ratings")[0].GetProperty("model").GetString());
    }
}
