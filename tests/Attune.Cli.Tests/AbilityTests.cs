using System.Globalization;
using System.Text.Json;

namespace Attune.Cli.Tests;

public class AbilityTests
{
    private sealed record Expected(string Task, string Id, string Category, string Letter, string CauseLetter);

    private static Dictionary<string, Expected> Labels(string dir, string language)
    {
        var map = new Dictionary<string, Expected>();
        foreach (var task in new[] { "EU", "EA" })
        {
            foreach (var line in File.ReadLines(Path.Combine(dir, task + ".jsonl")))
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                if (e.GetProperty("language").GetString() != language) continue;
                string Letter(string choices, string label) => ((char)('A' + e.GetProperty(choices).EnumerateArray().Select(x => x.GetString()).ToList().IndexOf(e.GetProperty(label).GetString()))).ToString();
                var id = e.GetProperty("qid").ToString();
                map[$"{task}/{id}"] = task == "EU"
                    ? new Expected(task, id, e.GetProperty("coarse_category").GetString()!, Letter("emotion_choices", "emotion_label"), Letter("cause_choices", "cause_label"))
                    : new Expected(task, id, e.GetProperty("category").GetString()!, Letter("choices", "label"), "");
            }
        }
        return map;
    }

    private static string Wrong(string letter) => letter == "A" ? "B" : "A";

    [SharedFact]
    public async Task EmoBench_runs_exactly_in_both_languages()
    {
        var dir = SharedData.Path_("data", "emobench");
        foreach (var language in new[] { "en", "zh" })
        {
            var labels = Labels(dir, language);
            var prompts = await CliRunner.RunAsync(["items", "prompts", "--suite", "ability", "--questions", dir, "--language", language]);
            Assert.Equal(0, prompts.ExitCode);
            var byUser = new Dictionary<string, (string Key, string System)>();
            foreach (var line in prompts.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                byUser[r.GetProperty("user").GetString()!] = ($"{r.GetProperty("task").GetString()}/{r.GetProperty("id").GetString()}", r.GetProperty("system").GetString()!);
            }
            // Right answers for a known subset, in several shapes; some right answers are unparseable and must count as wrong.
            bool RightFor(Expected x) => int.Parse(x.Id, CultureInfo.InvariantCulture) % 3 != 1;
            bool Unparseable(Expected x) => int.Parse(x.Id, CultureInfo.InvariantCulture) % 10 == 5;
            await using var server = await TestEndpoint.StartAsync(req =>
            {
                var (key, system) = byUser[req.Prompt];
                Assert.Equal(system, req.Messages.First(m => m.Role == "system").Content);
                var x = labels[key];
                bool right = RightFor(x);
                var a1 = right ? x.Letter : Wrong(x.Letter);
                var json = x.Task == "EA" ? $"{{\"answer\": \"{a1}\"}}" : $"{{\"answer_q1\": \"{a1}\", \"answer_q2\": \"{x.CauseLetter}\"}}";
                if (Unparseable(x)) return TestReply.Ok("My answer is " + a1);
                return TestReply.Ok(int.Parse(x.Id, CultureInfo.InvariantCulture) % 2 == 0 ? "```json\n" + json + "\n```" : json);
            });
            var db = Path.Combine(Directory.CreateTempSubdirectory("attune-ability-").FullName, "runs.db");
            var result = await CliRunner.RunAsync(["run", "--suite", "ability", "--questions", dir, "--language", language, "--model", "openai:test", "--base-url", server.BaseUrl, "--db", db, "--json", "--parallel", "16"]);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.All(server.Requests, r => Assert.Equal(0.6, r.Temperature!.Value, 9));
            using var doc2 = JsonDocument.Parse(result.Stdout);
            var tasks = doc2.RootElement.GetProperty("tasks");
            foreach (var task in new[] { "EU", "EA" })
            {
                var rows = labels.Values.Where(x => x.Task == task).ToList();
                double Acc(IEnumerable<Expected> xs) => 100.0 * xs.Count(x => RightFor(x) && !Unparseable(x)) / xs.Count();
                Assert.Equal(Acc(rows), tasks.GetProperty(task).GetProperty("accuracy").GetDouble(), 9);
                foreach (var group in rows.GroupBy(x => x.Category))
                {
                    Assert.Equal(Acc(group), tasks.GetProperty(task).GetProperty("categories").GetProperty(group.Key).GetProperty("accuracy").GetDouble(), 9);
                }
                var ci = tasks.GetProperty(task).GetProperty("ci95");
                Assert.True(ci[0].GetDouble() <= Acc(rows) && Acc(rows) <= ci[1].GetDouble());
            }
            double expectedScore = (Acc2(labels, "EU") + Acc2(labels, "EA")) / 2;
            Assert.Equal(expectedScore, doc2.RootElement.GetProperty("score").GetDouble(), 9);

            double Acc2(Dictionary<string, Expected> l, string t)
            {
                var rows = l.Values.Where(x => x.Task == t).ToList();
                return 100.0 * rows.Count(x => RightFor(x) && !Unparseable(x)) / rows.Count;
            }
        }
    }

    [Fact]
    public async Task Own_items_run_by_default_and_item_stats_read_the_store()
    {
        var home = Directory.CreateTempSubdirectory("attune-ability-home-").FullName;
        var env = new Dictionary<string, string?> { ["ATTUNE_HOME"] = home };
        await using var server = await TestEndpoint.StartAsync(req =>
        {
            // model "a" always answers A, model "b" always B: two respondents that disagree
            var letter = req.Model == "a" ? "A" : "B";
            return TestReply.Ok(req.Messages[0].Content.Contains("answer_q1", StringComparison.Ordinal) ? $"{{\"answer_q1\": \"{letter}\"}}" : $"{{\"answer\": \"{letter}\"}}");
        });
        foreach (var m in new[] { "a", "b" })
        {
            var run = await CliRunner.RunAsync(["run", "--suite", "ability", "--model", "openai:" + m, "--base-url", server.BaseUrl, "--json"], env);
            Assert.True(run.ExitCode == 0, run.Stderr);
            using var doc = JsonDocument.Parse(run.Stdout);
            Assert.Equal("builtin:attune-ability", doc.RootElement.GetProperty("itemSet").GetString());
            Assert.Contains("No human norms", doc.RootElement.GetProperty("norms").GetProperty("note").GetString(), StringComparison.Ordinal);
        }
        var stats = await CliRunner.RunAsync(["items", "stats", "--suite", "ability", "--json"], env);
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        using var s = JsonDocument.Parse(stats.Stdout);
        Assert.Equal(2, s.RootElement.GetProperty("respondents").GetArrayLength());
        var items = s.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(112, items.Count);
        Assert.All(items, i => Assert.Equal(0.5, i.GetProperty("difficulty").GetDouble() is 0.5 or 0 or 1 ? 0.5 : -1));
        var human = await CliRunner.RunAsync(["items", "stats", "--suite", "ability"], env);
        Assert.Contains("KR-20", human.Stdout, StringComparison.Ordinal);
        var html = Path.Combine(home, "ability.html");
        var report = await CliRunner.RunAsync(["report", "1", "--format", "html", "--out", html], env);
        Assert.True(report.ExitCode == 0, report.Stderr);
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("No human norms exist", page, StringComparison.Ordinal);
        Assert.Contains("&quot;answer", page, StringComparison.Ordinal); // raw model JSON is escaped
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generation_accepts_only_valid_new_items_with_confirmed_keys()
    {
        string Item(string scenario, string subject, int answer, int options = 5)
            => JsonSerializer.Serialize(new { scenario, subject, choices = Enumerable.Range(0, options).Select(i => new[] { "Relief", "Anger", "Shame", "Envy", "Joy", "Awe" }[i]).ToArray(), answer, category = "test" });
        var builtInScenario = JsonDocument.Parse(File.ReadLines(Path.Combine(SharedData.RepoRoot, "src", "Attune", "Data", "ability", "EU.jsonl")).First()).RootElement.GetProperty("scenario").GetString()!;
        var builtInSubject = JsonDocument.Parse(File.ReadLines(Path.Combine(SharedData.RepoRoot, "src", "Attune", "Data", "ability", "EU.jsonl")).First()).RootElement.GetProperty("subject").GetString()!;
        var generated = new Queue<string>([
            Item("Lerato, a retired teacher in Durban, hears that the school she founded will stay open after all.", "Lerato", 0), // accepted
            Item(builtInScenario, builtInSubject, 1),                                                                           // near-duplicate
            Item("Tomas, a baker in Quito, finds that a rival copied his recipe and won a city prize with it.", "Tomas", 0),    // wrong key: judges say B (Anger)
            "I'm sorry, I can't write that.",                                                                                   // malformed
        ]);
        await using var server = await TestEndpoint.StartAsync(req =>
        {
            if (req.Model == "gen") return TestReply.Ok(generated.Dequeue());
            // judges: answer A (Relief) for the Durban item, B (Anger) for anything else
            var letter = req.Prompt.Contains("Durban", StringComparison.Ordinal) ? "A" : "B";
            return TestReply.Ok($"{{\"answer_q1\": \"{letter}\"}}");
        });
        var dir = Directory.CreateTempSubdirectory("attune-gen-").FullName;
        var outFile = Path.Combine(dir, "new.jsonl");
        var result = await CliRunner.RunAsync(["items", "generate", "--suite", "ability", "--task", "understanding", "--count", "4", "--model", "openai:gen",
            "--judges", "openai:judge1,openai:judge2", "--base-url", server.BaseUrl, "--out", outFile, "--json"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var accepted = File.ReadAllLines(outFile);
        Assert.Single(accepted);
        using (var doc = JsonDocument.Parse(accepted[0]))
        {
            var p = doc.RootElement.GetProperty("provenance");
            Assert.Equal("openai:gen", p.GetProperty("generator").GetString());
            Assert.Equal(2, p.GetProperty("judges").GetArrayLength());
            Assert.Equal(1.0, p.GetProperty("agreement").GetDouble());
            Assert.Equal("Relief", doc.RootElement.GetProperty("emotion_label").GetString());
        }
        var rejected = File.ReadAllLines(Path.Combine(dir, "new.rejected.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("reason").GetString()!).ToList();
        Assert.Equal(3, rejected.Count);
        Assert.Contains(rejected, r => r.StartsWith("near-duplicate", StringComparison.Ordinal));
        Assert.Contains(rejected, r => r.StartsWith("key A not confirmed", StringComparison.Ordinal));
        Assert.Contains(rejected, r => r.StartsWith("malformed", StringComparison.Ordinal));
    }
}
