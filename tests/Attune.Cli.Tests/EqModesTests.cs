using System.Globalization;
using System.Text.Json;

namespace Attune.Cli.Tests;

public class EqModesTests
{
    private static async Task<Dictionary<string, string>> Prompts(string questions, params string[] extra)
    {
        var r = await CliRunner.RunAsync(["eq", "prompts", "--questions", questions, .. extra]);
        Assert.Equal(0, r.ExitCode);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("prompt").GetString()!, e => e.GetProperty("id").GetString()!);
    }

    [SharedFact]
    public async Task Revise_mode_live_keeps_partial_results_and_uses_a_revise_sized_limit()
    {
        var refs = EqAnswers.References(SharedData.EqEnglish);
        var byPrompt = await Prompts(SharedData.EqEnglish, "--revise");
        await using var server = await TestEndpoint.StartAsync(req =>
        {
            var id = byPrompt[req.Prompt];
            var (names, scores) = refs[id];
            var block = EqAnswers.Answer(names, scores);
            int n = int.Parse(id, CultureInfo.InvariantCulture);
            // ids divisible by 4: revised scores missing on every attempt → partial result (first pass only)
            return TestReply.Ok(n % 4 == 0
                ? $"First pass scores:\n{block}\n\nCritique: fine\n\nRevised scores:\n(none)"
                : $"First pass scores:\n{block}\n\nCritique: fine\n\nRevised scores:\n{block}\n");
        });
        var db = Path.Combine(Directory.CreateTempSubdirectory("attune-revise-").FullName, "r.db");
        var r = await CliRunner.RunAsync(["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--questions", SharedData.EqEnglish, "--revise", "--db", db, "--json", "--parallel", "16"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var it = doc.RootElement.GetProperty("iterations")[0];
        int partial = Enumerable.Range(1, 171).Count(i => i % 4 == 0);
        Assert.Equal(171, it.GetProperty("firstPassParseable").GetInt32());
        Assert.Equal(171 - partial, it.GetProperty("revisedParseable").GetInt32());
        // revised 100 with 128 parseable < 0.95 × 171: the first pass (100, 171) is the final figure
        Assert.Equal(100.0, doc.RootElement.GetProperty("score").GetDouble());
        Assert.Equal(171.0, doc.RootElement.GetProperty("parseable").GetDouble());
        Assert.Equal(1000, doc.RootElement.GetProperty("maxTokens").GetInt32());
        Assert.All(server.Requests, q => Assert.Equal(1000, q.MaxTokens));
        Assert.Equal(171 + (2 * partial), server.Calls); // partial results are retried twice before they are kept
    }

    [SharedFact]
    public async Task German_live_run_is_detected_and_scored()
    {
        var refs = EqAnswers.References(SharedData.EqGerman);
        var byPrompt = await Prompts(SharedData.EqGerman, "--language", "de");
        await using var server = await TestEndpoint.StartAsync(req =>
        {
            var (names, scores) = refs[byPrompt[req.Prompt]];
            return TestReply.Ok(string.Join("\n", names.Select((x, i) => $"{x}: **{scores[i].ToString(CultureInfo.InvariantCulture)}**")));
        });
        var db = Path.Combine(Directory.CreateTempSubdirectory("attune-de-").FullName, "r.db");
        var r = await CliRunner.RunAsync(["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--questions", SharedData.EqGerman, "--db", db, "--json", "--parallel", "16"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("de", doc.RootElement.GetProperty("language").GetString());
        Assert.Equal(100.0, doc.RootElement.GetProperty("score").GetDouble());
        Assert.Equal(171, server.Calls);
    }
}
