using System.Text.Json;
using Attune.Tests;

namespace Attune.Cli.Tests;

/// <summary><c>attune estimate</c> reading standard input, printing one JSON document, and reading honestly (issue 16).</summary>
public class EstimateInputTests
{
    [Fact]
    public async Task File_dash_and_piped_texts_read_standard_input()
    {
        var dash = await CliRunner.RunAsync(["estimate", "--file", "-", "--json"], stdin: "Thank you so much!\nI am so scared of the dark\n");
        Assert.True(dash.ExitCode == 0, dash.Stderr);
        using var doc = JsonDocument.Parse(dash.Stdout); // one document: an array, one object per line
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(["Thank you so much!", "I am so scared of the dark"], items.Select(i => i.GetProperty("text").GetString()));
        Assert.Equal("gratitude", items[0].GetProperty("labels")[0].GetString());
        Assert.Equal("fear", items[1].GetProperty("labels")[0].GetString());

        // piped with no argument: one line reads like a single text (bars), several like a file (table)
        var one = await CliRunner.RunAsync(["estimate"], stdin: "Thank you so much!\n");
        Assert.True(one.ExitCode == 0, one.Stderr);
        Assert.Contains("scale 0 to 1", one.Stdout, StringComparison.Ordinal);
        Assert.Contains("gratitude ✓", one.Stdout, StringComparison.Ordinal);
        var two = await CliRunner.RunAsync(["estimate"], stdin: "Thank you so much!\nI am so scared of the dark\n");
        Assert.True(two.ExitCode == 0, two.Stderr);
        Assert.Contains("scared of the dark", two.Stdout, StringComparison.Ordinal);
        Assert.Contains("fear", two.Stdout, StringComparison.Ordinal);

        var none = await CliRunner.RunAsync(["estimate"], stdin: "");
        Assert.Equal(2, none.ExitCode);
        Assert.Equal("attune: standard input: no text (pipe one text per line, or give a text)", none.Stderr.Trim());
    }

    [Fact]
    public async Task Json_of_one_text_is_one_object_and_shows_the_thresholds_behind_the_labels()
    {
        var r = await CliRunner.RunAsync(["estimate", "Thank you so much, I am thrilled!", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        var labels = root.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToHashSet();
        var thresholds = root.GetProperty("thresholds").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(28, thresholds.Count);
        Assert.NotEmpty(labels);
        // every label is decided exactly when its score reaches its threshold (both rounded to 4 places in the output)
        foreach (var s in root.GetProperty("scores").EnumerateObject())
        {
            double score = s.Value.GetDouble(), threshold = thresholds[s.Name];
            if (Math.Abs(score - threshold) < 1e-3) continue;
            Assert.True(labels.Contains(s.Name) == score >= threshold, $"{s.Name}: score {score}, threshold {threshold}, decided {labels.Contains(s.Name)}");
        }
        // mapped to another taxonomy there are no per-label thresholds to show
        var ekman = await CliRunner.RunAsync(["estimate", "Thank you so much!", "--taxonomy", "ekman", "--json"]);
        using var ekmanDoc = JsonDocument.Parse(ekman.Stdout);
        Assert.False(ekmanDoc.RootElement.TryGetProperty("thresholds", out _));
    }

    [Fact]
    public async Task Bars_are_drawn_on_the_absolute_scale_with_the_threshold_beside_each_label()
    {
        // a strong reading and a weak one: on a 0–1 scale the weak one's longest bar is much shorter (relative
        // scaling would draw both top bars full width)
        static async Task<(int Bar, double Score)> Top(string text)
        {
            var bars = await CliRunner.RunAsync(["estimate", text, "--top", "1"]);
            Assert.True(bars.ExitCode == 0, bars.Stderr);
            var json = await CliRunner.RunAsync(["estimate", text, "--json"]);
            using var doc = JsonDocument.Parse(json.Stdout);
            double score = doc.RootElement.GetProperty("scores").EnumerateObject().Max(p => p.Value.GetDouble());
            var line = bars.Stdout.Split('\n').Single(l => l.Contains('█', StringComparison.Ordinal));
            Assert.Matches(@"≥\d\.\d\d", line);
            return (line.Count(c => c == '█'), score);
        }
        var strong = await Top("Thank you so much!");
        var weak = await Top("Interesting, I did not know that"); // top score about 0.2
        Assert.True(strong.Score > 2 * weak.Score, $"scores {strong.Score} and {weak.Score}: pick texts further apart");
        Assert.True(weak.Bar < strong.Bar * (weak.Score / strong.Score) + 2, $"bars {strong.Bar} and {weak.Bar} for scores {strong.Score} and {weak.Score}");
    }

    [Fact]
    public async Task An_empty_text_says_no_text_and_other_languages_get_a_note()
    {
        var empty = await CliRunner.RunAsync(["estimate", ""]);
        Assert.True(empty.ExitCode == 0, empty.Stderr);
        Assert.Equal("no text: nothing to read", empty.Stdout.Trim());
        var emptyJson = await CliRunner.RunAsync(["estimate", "  ", "--json"]);
        using (var doc = JsonDocument.Parse(emptyJson.Stdout)) Assert.Equal("no text", doc.RootElement.GetProperty("note").GetString());

        const string Note = "this does not look like English";
        var french = await CliRunner.RunAsync(["estimate", "Je suis très content de te voir aujourd'hui"]);
        Assert.Contains(Note, french.Stdout, StringComparison.Ordinal);
        var russian = await CliRunner.RunAsync(["estimate", "Я очень рад"]);
        Assert.Contains(Note, russian.Stdout, StringComparison.Ordinal);
        var english = await CliRunner.RunAsync(["estimate", "I am so happy to see you today"]);
        Assert.DoesNotContain(Note, english.Stdout, StringComparison.Ordinal);
        var shortText = await CliRunner.RunAsync(["estimate", "Merci!"]);
        Assert.DoesNotContain(Note, shortText.Stdout, StringComparison.Ordinal); // too short to tell: no note
    }

    [Fact]
    public async Task A_model_estimator_retries_with_the_given_budget_and_timeout()
    {
        int calls = 0;
        await using var server = await TestEndpoint.StartAsync(_ => Interlocked.Increment(ref calls) <= 2 ? new TestReply(Status: 500) : TestReply.Ok("{\"joy\": 90}"));
        var ok = await CliRunner.RunAsync(["estimate", "What a day!", "--estimator", "model:openai:m", "--base-url", server.BaseUrl, "--retries", "2", "--json"]);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Equal(3, server.Calls); // two failures, then the answer
        using (var doc = JsonDocument.Parse(ok.Stdout)) Assert.Equal(0.9, doc.RootElement.GetProperty("scores").GetProperty("joy").GetDouble());

        await using var failing = await TestEndpoint.StartAsync(_ => new TestReply(Status: 500));
        var refused = await CliRunner.RunAsync(["estimate", "What a day!", "--estimator", "model:openai:m", "--base-url", failing.BaseUrl, "--retries", "0"]);
        Assert.Equal(3, refused.ExitCode);
        Assert.Equal(1, failing.Calls); // no retry with --retries 0

        await using var slow = await TestEndpoint.StartAsync(_ => new TestReply("{\"joy\": 90}", Delay: TimeSpan.FromSeconds(30)));
        var timedOut = await CliRunner.RunAsync(["estimate", "What a day!", "--estimator", "model:openai:m", "--base-url", slow.BaseUrl, "--retries", "1", "--timeout", "3"]);
        Assert.Equal(3, timedOut.ExitCode);
        // the first try and one retry, each cut at 3 s (long enough for a retry's new connection to reach the server on a
        // loaded machine, far short of the server's 30 s)
        Assert.Equal(2, slow.Calls);
        Assert.True(timedOut.Elapsed < TimeSpan.FromSeconds(25), $"took {timedOut.Elapsed}");

        var badTimeout = await CliRunner.RunAsync(["estimate", "x", "--timeout", "0"]);
        Assert.Equal(2, badTimeout.ExitCode);
        Assert.Contains("--timeout", badTimeout.Stderr, StringComparison.Ordinal);
    }
}
