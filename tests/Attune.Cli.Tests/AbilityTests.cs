using System.Globalization;
using System.Text.Json;
using Attune.Tests.Suites.Ability;

namespace Attune.Cli.Tests;

public class AbilityTests
{
    private static string EmoBench => SharedData.Path_("data", "emobench");

    private static string Wrong(string letter) => letter == "A" ? "B" : "A";

    /// <summary>
    /// Runs the ability suite on the EmoBench files against a loopback model that answers from the item files, and
    /// checks what was sent against the reference's own digests: one request per item, each item exactly once.
    /// </summary>
    private static async Task<(TestEndpoint Server, JsonElement Result)> RunEmoBench(string model, Func<EmoBenchReference.Item, string>? answer, params string[] extra)
    {
        var items = new[] { "en", "zh" }.ToDictionary(l => l, l => EmoBenchReference.Items(EmoBench, l));
        var server = await TestEndpoint.StartAsync(req =>
        {
            var item = items.Values.Select(list => list.FirstOrDefault(i => req.Prompt.Contains(i.Scenario, StringComparison.Ordinal)) is null ? null : EmoBenchReference.Identify(list, req.Prompt))
                .Single(i => i is not null)!;
            return TestReply.Ok(answer?.Invoke(item) ?? (item.Task == "EA" ? $"{{\"answer\": \"{item.Letter}\"}}" : $"{{\"answer_q1\": \"{item.Letter}\", \"answer_q2\": \"{item.CauseLetter}\"}}"));
        });
        var db = Path.Combine(Directory.CreateTempSubdirectory("attune-ability-").FullName, "runs.db");
        var result = await CliRunner.RunAsync(["run", "--suite", "ability", "--questions", EmoBench, "--model", model, "--base-url", server.BaseUrl, "--db", db, "--json", "--parallel", "16", .. extra]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        return (server, doc.RootElement.Clone());
    }

    /// <summary>The digest of the messages a server received for one language, in the reference's order; every item asked exactly once.</summary>
    private static string SentDigest(TestEndpoint server, string language)
    {
        var items = EmoBenchReference.Items(EmoBench, language);
        var sent = new Dictionary<EmoBenchReference.Item, (string System, string User)>();
        foreach (var r in server.Requests.Where(r => items.Any(i => r.Prompt.Contains(i.Scenario, StringComparison.Ordinal))))
        {
            var item = EmoBenchReference.Identify(items, r.Prompt);
            Assert.True(sent.TryAdd(item, (r.Messages.Single(m => m.Role == "system").Content, r.Prompt)), $"{item.Task}/{item.Qid} was asked twice");
            Assert.Equal(2, r.Messages.Count);
        }
        Assert.Equal(items.Count, sent.Count);
        return EmoBenchReference.Digest(items.Select(i => (i.Task, i.Qid, sent[i].System, sent[i].User)));
    }

    [SharedFact]
    public async Task EmoBench_runs_exactly_in_both_languages()
    {
        foreach (var (language, digest) in new[] { ("en", EmoBenchReference.English), ("zh", EmoBenchReference.Chinese) })
        {
            var items = EmoBenchReference.Items(EmoBench, language);
            // right answers for a known subset, in several shapes; some right answers are unparseable and must count as wrong
            static bool RightFor(EmoBenchReference.Item x) => int.Parse(x.Qid, CultureInfo.InvariantCulture) % 3 != 1;
            static bool Unparseable(EmoBenchReference.Item x) => int.Parse(x.Qid, CultureInfo.InvariantCulture) % 10 == 5;
            var (server, root) = await RunEmoBench("openai:test", x =>
            {
                var a1 = RightFor(x) ? x.Letter : Wrong(x.Letter);
                var json = x.Task == "EA" ? $"{{\"answer\": \"{a1}\"}}" : $"{{\"answer_q1\": \"{a1}\", \"answer_q2\": \"{x.CauseLetter}\"}}";
                if (Unparseable(x)) return "My answer is " + a1;
                return int.Parse(x.Qid, CultureInfo.InvariantCulture) % 2 == 0 ? "```json\n" + json + "\n```" : json;
            }, "--language", language);
            await using (server)
            {
                // one attempt per item, and every message byte-identical to the reference's
                Assert.Equal(items.Count, server.Calls);
                Assert.Equal(digest, SentDigest(server, language));
                Assert.All(server.Requests, r => Assert.Equal(0.6, r.Temperature!.Value, 9));
                var tasks = root.GetProperty("tasks");
                double Acc(IEnumerable<EmoBenchReference.Item> xs) => 100.0 * xs.Count(x => RightFor(x) && !Unparseable(x)) / xs.Count();
                foreach (var task in new[] { "EU", "EA" })
                {
                    var rows = items.Where(x => x.Task == task).ToList();
                    Assert.Equal(200, rows.Count);
                    Assert.Equal(Acc(rows), tasks.GetProperty(task).GetProperty("accuracy").GetDouble(), 9);
                    foreach (var group in rows.GroupBy(x => x.Category))
                    {
                        Assert.Equal(Acc(group), tasks.GetProperty(task).GetProperty("categories").GetProperty(group.Key).GetProperty("accuracy").GetDouble(), 9);
                    }
                    var ci = tasks.GetProperty(task).GetProperty("ci95");
                    Assert.True(ci[0].GetDouble() <= Acc(rows) && Acc(rows) <= ci[1].GetDouble());
                }
                double expectedScore = (Acc(items.Where(x => x.Task == "EU")) + Acc(items.Where(x => x.Task == "EA"))) / 2;
                Assert.Equal(expectedScore, root.GetProperty("score").GetDouble(), 9);
            }
        }
    }

    [SharedFact]
    public async Task Chain_of_thought_sends_the_reference_cot_messages()
    {
        var (server, root) = await RunEmoBench("openai:test", null, "--cot");
        await using (server)
        {
            Assert.Equal(400, server.Calls);
            Assert.Equal(EmoBenchReference.EnglishCot, SentDigest(server, "en"));
            Assert.Equal(100.0, root.GetProperty("score").GetDouble());
        }
    }

    [SharedFact]
    public async Task Qwen_models_get_no_think_as_the_reference_sends_it()
    {
        var (server, _) = await RunEmoBench("openai:Qwen3-8B", null);
        await using (server)
        {
            Assert.Equal(EmoBenchReference.EnglishNoThink, SentDigest(server, "en"));
            Assert.All(server.Requests, r => Assert.StartsWith("/no_think\n\n", r.Messages[0].Content, StringComparison.Ordinal));
        }
    }

    [SharedFact]
    public async Task Language_all_runs_both_languages_exactly()
    {
        var (server, root) = await RunEmoBench("openai:test", null, "--language", "all");
        await using (server)
        {
            Assert.Equal(800, server.Calls);
            Assert.Equal(EmoBenchReference.English, SentDigest(server, "en"));
            Assert.Equal(EmoBenchReference.Chinese, SentDigest(server, "zh"));
            var items = root.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(400, items.Count(i => i.GetProperty("language").GetString() == "en"));
            Assert.Equal(400, items.Count(i => i.GetProperty("language").GetString() == "zh"));
            Assert.Equal(100.0, root.GetProperty("score").GetDouble());
        }
    }

    /// <summary>The right letter of every own item, read from the item files (EU keys by <c>emotion_label</c>, EA by <c>label</c>).</summary>
    private static Dictionary<string, string> OwnKeys()
    {
        var keys = new Dictionary<string, string>();
        foreach (var (task, choices, label) in new[] { ("EU", "emotion_choices", "emotion_label"), ("EA", "choices", "label") })
        {
            foreach (var line in File.ReadLines(Path.Combine(SharedData.RepoRoot, "src", "Attune", "Data", "ability", task + ".jsonl")))
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                int index = e.GetProperty(choices).EnumerateArray().Select(x => x.GetString()).ToList().IndexOf(e.GetProperty(label).GetString());
                keys[e.GetProperty("qid").GetString()!] = ((char)('A' + index)).ToString();
            }
        }
        return keys;
    }

    [Fact]
    public async Task Own_items_run_by_default_and_item_stats_read_the_chosen_runs()
    {
        var home = Directory.CreateTempSubdirectory("attune-ability-home-").FullName;
        var env = new Dictionary<string, string?> { ["ATTUNE_HOME"] = home };
        await using var server = await TestEndpoint.StartAsync(req =>
        {
            // model "a" always answers A, "b" always B, "c" always C: respondents whose right answers the keys decide
            var letter = req.Model.ToUpperInvariant();
            return TestReply.Ok(req.Messages[0].Content.Contains("answer_q1", StringComparison.Ordinal) ? $"{{\"answer_q1\": \"{letter}\"}}" : $"{{\"answer\": \"{letter}\"}}");
        });
        foreach (var m in new[] { "a", "b", "c" })
        {
            var run = await CliRunner.RunAsync(["run", "--suite", "ability", "--model", "openai:" + m, "--base-url", server.BaseUrl, "--json"], env);
            Assert.True(run.ExitCode == 0, run.Stderr);
            using var doc = JsonDocument.Parse(run.Stdout);
            Assert.Equal("builtin:attune-ability", doc.RootElement.GetProperty("itemSet").GetString());
            Assert.Contains("No human norms", doc.RootElement.GetProperty("norms").GetProperty("note").GetString(), StringComparison.Ordinal);
        }
        var keys = OwnKeys();
        Assert.Equal(112, keys.Count);
        Assert.Equal(3 * 112, server.Calls);

        async Task CheckStats(string[] runs, string[] letters)
        {
            var args = new List<string> { "items", "stats", "--suite", "ability", "--json" };
            if (runs.Length > 0) args.AddRange(["--runs", string.Join(',', runs)]);
            var stats = await CliRunner.RunAsync([.. args], env);
            Assert.True(stats.ExitCode == 0, stats.Stderr);
            using var s = JsonDocument.Parse(stats.Stdout);
            Assert.Equal(letters.Length, s.RootElement.GetProperty("respondents").GetArrayLength());
            Assert.Equal(runs.Length == 0 ? [1, 2, 3] : runs.Select(long.Parse), s.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetInt64()).Order());
            var items = s.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(112, items.Count);
            foreach (var item in items)
            {
                // difficulty = share of respondents right: those whose fixed letter is the item's key
                var key = keys[item.GetProperty("id").GetString()!.Split('/')[^1]];
                Assert.Equal(letters.Count(l => l == key) / (double)letters.Length, item.GetProperty("difficulty").GetDouble(), 12);
                Assert.Equal(letters.Length, item.GetProperty("respondents").GetInt32());
            }
        }
        await CheckStats([], ["A", "B", "C"]);
        await CheckStats(["1", "2"], ["A", "B"]);
        await CheckStats(["1", "3"], ["A", "C"]);
        var badRuns = await CliRunner.RunAsync(["items", "stats", "--suite", "ability", "--runs", "1,x"], env);
        Assert.Equal(2, badRuns.ExitCode);
        Assert.Contains("--runs", badRuns.Stderr, StringComparison.Ordinal);

        var human = await CliRunner.RunAsync(["items", "stats", "--suite", "ability"], env);
        Assert.Equal(0, human.ExitCode);
        Assert.Contains("KR-20", human.Stdout, StringComparison.Ordinal);
        var html = Path.Combine(home, "ability.html");
        var report = await CliRunner.RunAsync(["report", "1", "--format", "html", "--out", html], env);
        Assert.True(report.ExitCode == 0, report.Stderr);
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("No human norms exist", page, StringComparison.Ordinal);
        Assert.Contains("&quot;answer", page, StringComparison.Ordinal); // raw model JSON is escaped
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
    }

    private static string Item(string scenario, string subject, int answer, int options = 5)
        => JsonSerializer.Serialize(new { scenario, subject, choices = Enumerable.Range(0, options).Select(i => new[] { "Relief", "Anger", "Shame", "Envy", "Joy", "Awe" }[i]).ToArray(), answer, category = "test" });

    private static (string Scenario, string Subject) FirstBuiltIn()
    {
        using var doc = JsonDocument.Parse(File.ReadLines(Path.Combine(SharedData.RepoRoot, "src", "Attune", "Data", "ability", "EU.jsonl")).First());
        return (doc.RootElement.GetProperty("scenario").GetString()!, doc.RootElement.GetProperty("subject").GetString()!);
    }

    /// <summary>Runs <c>items generate</c> with a generator that hands out <paramref name="generated"/> in order and judges that answer per <paramref name="judge"/>.</summary>
    private static async Task<(CliResult Result, string[] Accepted, List<string> Rejected, TestEndpoint Server)> Generate(string[] generated, Func<string, string, string> judge, params string[] extra)
    {
        var queue = new Queue<string>(generated);
        var server = await TestEndpoint.StartAsync(req => req.Model == "gen" ? TestReply.Ok(queue.Dequeue()) : TestReply.Ok($"{{\"answer_q1\": \"{judge(req.Model, req.Prompt)}\"}}"));
        var dir = Directory.CreateTempSubdirectory("attune-gen-").FullName;
        var outFile = Path.Combine(dir, "new.jsonl");
        var result = await CliRunner.RunAsync(["items", "generate", "--suite", "ability", "--task", "understanding", "--count", generated.Length.ToString(CultureInfo.InvariantCulture),
            "--model", "openai:gen", "--judges", "openai:judge1,openai:judge2", "--base-url", server.BaseUrl, "--out", outFile, "--json", .. extra]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var rejectedPath = Path.Combine(dir, "new.rejected.jsonl");
        var rejected = File.Exists(rejectedPath) ? File.ReadAllLines(rejectedPath).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("reason").GetString()!).ToList() : [];
        return (result, File.Exists(outFile) ? File.ReadAllLines(outFile) : [], rejected, server);
    }

    [Fact]
    public async Task Generation_accepts_only_valid_new_items_with_confirmed_keys()
    {
        var (scenario, subject) = FirstBuiltIn();
        var (_, accepted, rejected, server) = await Generate(
        [
            Item("Lerato, a retired teacher in Durban, hears that the school she founded will stay open after all.", "Lerato", 0), // accepted
            Item(scenario, subject, 1),                                                                                         // near-duplicate
            Item("Tomas, a baker in Quito, finds that a rival copied his recipe and won a city prize with it.", "Tomas", 0),    // wrong key: judges say B (Anger)
            "I'm sorry, I can't write that.",                                                                                   // malformed
        ], (_, prompt) => prompt.Contains("Durban", StringComparison.Ordinal) ? "A" : "B");
        await using (server)
        {
            Assert.Single(accepted);
            using (var doc = JsonDocument.Parse(accepted[0]))
            {
                var p = doc.RootElement.GetProperty("provenance");
                Assert.Equal("openai:gen", p.GetProperty("generator").GetString());
                Assert.Equal(2, p.GetProperty("judges").GetArrayLength());
                Assert.Equal(1.0, p.GetProperty("agreement").GetDouble());
                Assert.Equal("Relief", doc.RootElement.GetProperty("emotion_label").GetString());
            }
            Assert.Equal(3, rejected.Count);
            Assert.Contains(rejected, r => r.StartsWith("near-duplicate", StringComparison.Ordinal));
            Assert.Contains(rejected, r => r.StartsWith("key A not confirmed", StringComparison.Ordinal));
            Assert.Contains(rejected, r => r.StartsWith("malformed", StringComparison.Ordinal));
            // 4 generations, and two judges for each of the two items that reached judging
            Assert.Equal(4 + (2 * 2), server.Calls);
        }
    }

    [Fact]
    public async Task Agreement_and_max_similarity_set_the_acceptance_rules()
    {
        // judge1 confirms the key, judge2 does not: agreement 0.5
        static string Split(string model, string prompt) => model == "judge1" ? "A" : "B";
        var item = Item("Amara, a nurse in Lagos, learns that the patient she stayed late for has woken up and asked for her.", "Amara", 0);
        var (_, strictAccepted, strictRejected, s1) = await Generate([item], Split);
        await using (s1)
        {
            Assert.Empty(strictAccepted);
            Assert.StartsWith("key A not confirmed", Assert.Single(strictRejected), StringComparison.Ordinal);
            Assert.Contains("agreement 0.50 < 1.00", strictRejected[0], StringComparison.Ordinal);
        }
        var (_, halfAccepted, _, s2) = await Generate([item], Split, "--agreement", "0.5");
        await using (s2)
        {
            using var doc = JsonDocument.Parse(Assert.Single(halfAccepted));
            Assert.Equal(0.5, doc.RootElement.GetProperty("provenance").GetProperty("agreement").GetDouble());
        }

        // a copy of a built-in scenario with other options: a near-duplicate by word overlap at the default 0.5
        var (scenario, subject) = FirstBuiltIn();
        var copy = Item(scenario, subject, 0);
        var (_, dupAccepted, dupRejected, s3) = await Generate([copy], (_, _) => "A");
        await using (s3)
        {
            Assert.Empty(dupAccepted);
            Assert.StartsWith("near-duplicate", Assert.Single(dupRejected), StringComparison.Ordinal);
            Assert.Equal(1, s3.Calls); // rejected before any judge is asked
        }
        // past the word-overlap rule, the encoder's cosine of the (identical) scenarios still catches it
        var (_, looseAccepted, looseRejected, s4) = await Generate([copy], (_, _) => "A", "--max-similarity", "0.99");
        await using (s4)
        {
            Assert.Empty(looseAccepted);
            // identical text; the 8-bit encoder quantizes activations per batch, so a text embedded alone and the same
            // text embedded among others agree to about 0.99, not exactly
            var reason = Assert.Single(looseRejected);
            var cosine = System.Text.RegularExpressions.Regex.Match(reason, @"^near-duplicate of \S+ \(cosine (\d\.\d\d)\)$");
            Assert.True(cosine.Success, reason);
            Assert.InRange(double.Parse(cosine.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0.98, 1.0);
            Assert.Equal(1, s4.Calls);
        }
        // a reworded scenario about someone else passes both rules at their defaults and reaches the judges
        var other = Item("Tomasz, a baker in Gdansk, finds that the bread he left out overnight has been eaten by his neighbour's dog.", "Tomasz", 0);
        var (_, otherAccepted, _, s5) = await Generate([other], (_, _) => "A");
        await using (s5)
        {
            Assert.Single(otherAccepted);
            Assert.Equal(3, s5.Calls);
        }
    }
}
