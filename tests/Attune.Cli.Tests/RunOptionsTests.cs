using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Attune.Cli.Tests;

/// <summary>
/// What the README promises for <c>attune run</c> options, end to end through the real binary and a loopback model,
/// on Attune's own EQ items (always present). Expected values come from the item file and the EQ-Bench v2 spec.
/// </summary>
public class RunOptionsTests
{
    private const int Items = 64;

    private static readonly Dictionary<string, EqAnswers.Question> Own = EqAnswers.Questions(EqAnswers.OwnItems);

    private static readonly Func<string, string> Identify = EqAnswers.Identifier(Own);

    private static string NewDir() => Directory.CreateTempSubdirectory("attune-options-").FullName;

    /// <summary>Answers every item exactly, unless <paramref name="special"/> answers first.</summary>
    private static Task<TestEndpoint> Server(Func<TestRequest, string, TestReply?>? special = null, TimeSpan latency = default) => TestEndpoint.StartAsync(req =>
    {
        var id = Identify(req.Prompt);
        if (special?.Invoke(req, id) is { } reply) return reply;
        var q = Own[id];
        return new TestReply(EqAnswers.Answer(q.Names, q.Scores), Delay: latency);
    });

    private static async Task<JsonElement> RunJson(CliResult r, int exitCode = 0)
    {
        Assert.True(r.ExitCode == exitCode, $"exit {r.ExitCode}, expected {exitCode}: {r.Stderr}");
        using var doc = JsonDocument.Parse(r.Stdout);
        await Task.CompletedTask;
        return doc.RootElement.Clone();
    }

    /// <summary>A question file with the first <paramref name="count"/> of Attune's own items.</summary>
    private static string OwnSubset(int count)
    {
        var all = JsonNode.Parse(File.ReadAllText(EqAnswers.OwnItems))!.AsObject();
        var subset = new JsonObject();
        foreach (var (id, q) in all.Take(count)) subset[id] = q!.DeepClone();
        var path = Path.Combine(NewDir(), $"questions-{count}.json");
        File.WriteAllText(path, subset.ToJsonString());
        return path;
    }

    [Fact]
    public async Task Default_run_scores_the_baseline_as_the_spec_scores_its_stored_answers()
    {
        var db = Path.Combine(NewDir(), "runs.db");
        var human = await CliRunner.RunAsync(["run", "--db", db]);
        Assert.True(human.ExitCode == 0, human.Stderr);
        var json = await RunJson(await CliRunner.RunAsync(["run", "--db", db, "--json"]));
        Assert.Equal("builtin:baseline", json.GetProperty("model").GetString());
        Assert.Equal(Items, json.GetProperty("questions").GetInt32());
        // the baseline's stored answers, scored here by the spec (strict parse, v2 formula, 100 × mean / 10)
        var stored = json.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("stored").GetBoolean()).ToList();
        var scores = stored.Select(i => EqAnswers.ScoreV2(Own[i.GetProperty("id").GetString()!], EqAnswers.Parse(i.GetProperty("response").GetString()!))).ToList();
        Assert.All(scores, s => Assert.NotNull(s)); // a stored answer is a scored one
        double expected = EqAnswers.Benchmark(scores.Select(s => s!.Value));
        Assert.Equal(expected, json.GetProperty("score").GetDouble(), 9);
        Assert.Equal(stored.Count, json.GetProperty("parseable").GetDouble());
        // the human output says the same figure (and the second command was answered from the store: same run figures)
        Assert.Contains(expected.ToString("0.00", CultureInfo.InvariantCulture), human.Stdout, StringComparison.Ordinal);
        Assert.Contains("Score", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openai_base_url_from_the_environment_reaches_the_server_without_a_key()
    {
        await using var server = await Server();
        var db = Path.Combine(NewDir(), "runs.db");
        var run = await RunJson(await CliRunner.RunAsync(["run", "--model", "openai:env-model", "--db", db, "--json"], new Dictionary<string, string?> { ["OPENAI_BASE_URL"] = server.BaseUrl }));
        Assert.Equal(100.0, run.GetProperty("score").GetDouble());
        Assert.Equal(Items, server.Calls);
        Assert.All(server.Requests, r => Assert.Equal(("openai", "env-model"), (r.Api, r.Model)));
        var list = await RunJson(await CliRunner.RunAsync(["runs", "list", "--db", db, "--json"]));
        Assert.Equal(server.BaseUrl, list[0].GetProperty("endpoint").GetString());
    }

    [Fact]
    public async Task The_cache_key_changes_with_endpoint_model_completion_limit_and_iteration()
    {
        await using var a = await Server();
        await using var b = await Server();
        var db = Path.Combine(NewDir(), "runs.db");
        string[] Args(TestEndpoint s, string model, params string[] extra) => ["run", "--model", model, "--base-url", s.BaseUrl, "--db", db, "--json", .. extra];

        await RunJson(await CliRunner.RunAsync(Args(a, "openai:m")));
        Assert.Equal(Items, a.Calls);
        await RunJson(await CliRunner.RunAsync(Args(a, "openai:m")));
        Assert.Equal(Items, a.Calls);                              // the same request: answered from the store
        await RunJson(await CliRunner.RunAsync(Args(b, "openai:m")));
        Assert.Equal(Items, b.Calls);                              // another endpoint: asked again
        await RunJson(await CliRunner.RunAsync(Args(a, "openai:m2")));
        Assert.Equal(2 * Items, a.Calls);                          // another model: asked again
        await RunJson(await CliRunner.RunAsync(Args(a, "openai:m", "--max-tokens", "61")));
        Assert.Equal(3 * Items, a.Calls);                          // another completion limit: asked again
        Assert.Equal(Items, a.Requests.Count(r => r.MaxTokens == 61));
        await RunJson(await CliRunner.RunAsync(Args(a, "openai:m", "--iterations", "2")));
        Assert.Equal(4 * Items, a.Calls);                          // iteration 1 from the store, iteration 2 asked
    }

    [Fact]
    public async Task Parallel_bounds_the_requests_in_flight()
    {
        foreach (var n in new[] { 1, 3 })
        {
            await using var server = await Server(latency: TimeSpan.FromMilliseconds(120));
            await RunJson(await CliRunner.RunAsync(["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--db", Path.Combine(NewDir(), "runs.db"), "--json", "--parallel", n.ToString(CultureInfo.InvariantCulture)]));
            Assert.Equal(Items, server.Calls);
            Assert.Equal(n, server.MaxInFlight); // never more, and the run does use all of them
        }
    }

    [Fact]
    public async Task Iterations_temperature_and_max_tokens_reach_the_requests()
    {
        // every 8th question's first attempt is unparseable: the retry must come 0.15 warmer
        await using var server = await Server((req, id) =>
            int.Parse(id, CultureInfo.InvariantCulture) % 8 == 0 && Math.Abs(req.Temperature!.Value - 0.5) < 1e-6 ? TestReply.Ok("I would rather not say.") : null);
        var run = await RunJson(await CliRunner.RunAsync(["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--db", Path.Combine(NewDir(), "runs.db"), "--json",
            "--iterations", "3", "--temperature", "0.5", "--max-tokens", "77"]));
        int retried = Own.Keys.Count(id => int.Parse(id, CultureInfo.InvariantCulture) % 8 == 0);
        Assert.Equal(3 * (Items + retried), server.Calls);
        Assert.Equal(3 * Items, server.Requests.Count(r => Math.Abs(r.Temperature!.Value - 0.5) < 1e-6));
        Assert.Equal(3 * retried, server.Requests.Count(r => Math.Abs(r.Temperature!.Value - 0.65) < 1e-6));
        Assert.All(server.Requests, r => Assert.Equal(77, r.MaxTokens));
        Assert.Equal(77, run.GetProperty("maxTokens").GetInt32());
        Assert.Equal([1, 2, 3], run.GetProperty("iterations").EnumerateArray().Select(i => i.GetProperty("iteration").GetInt32()));
        Assert.Equal(3 * Items, run.GetProperty("items").GetArrayLength());
        Assert.Equal(100.0, run.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Timeout_retries_a_slow_request_and_retries_bound_the_attempts()
    {
        // question 1 is slow on its first call only: with --timeout 1 it is given up and asked again
        int slow = 0;
        await using (var server = await Server((req, id) => id == "1" && Interlocked.Increment(ref slow) == 1 ? new TestReply("late", Delay: TimeSpan.FromSeconds(20)) : null))
        {
            var dir = NewDir();
            var r = await CliRunner.RunAsync(["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--db", Path.Combine(dir, "runs.db"), "--json", "--timeout", "1"]);
            var run = await RunJson(r);
            Assert.Equal(100.0, run.GetProperty("score").GetDouble());
            Assert.Equal(2, server.Requests.Count(q => Identify(q.Prompt) == "1")); // given up after 1 s, then asked again
            Assert.True(r.Elapsed < TimeSpan.FromSeconds(18), $"took {r.Elapsed}");
            // every call beyond one per item is a recorded timeout (on a busy machine another request may also pass 1 s)
            var list = await RunJson(await CliRunner.RunAsync(["runs", "list", "--db", Path.Combine(dir, "runs.db"), "--json"]));
            Assert.InRange(list[0].GetProperty("transportFailures").GetInt32(), server.Calls - Items, 20);
            Assert.InRange(server.Calls, Items + 1, Items + 8);
        }

        // question 2 always fails with a 500: --retries 2 means exactly 3 tries, then exit 3 naming the endpoint
        foreach (var retries in new[] { 0, 2 })
        {
            await using var server = await Server((_, id) => id == "2" ? new TestReply(Status: 500) : null);
            var r = await CliRunner.RunAsync(["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--db", Path.Combine(NewDir(), "runs.db"), "--json",
                "--retries", retries.ToString(CultureInfo.InvariantCulture), "--parallel", "1"]);
            Assert.Equal(3, r.ExitCode);
            Assert.Contains("127.0.0.1", r.Stderr, StringComparison.Ordinal);
            Assert.Equal(retries + 1, server.Requests.Count(q => Identify(q.Prompt) == "2"));
        }
    }

    [Fact]
    public async Task A_file_of_60_questions_is_scored_as_v1()
    {
        var path = OwnSubset(60);
        // the answers are the v2 (fullscale) references; v1 rescales them to sum to 10 and compares with the v1 reference
        await using var server = await Server();
        var run = await RunJson(await CliRunner.RunAsync(["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--questions", path, "--db", Path.Combine(NewDir(), "runs.db"), "--json"]));
        Assert.Equal("v1", run.GetProperty("version").GetString());
        Assert.Equal(60, run.GetProperty("questions").GetInt32());
        var expected = EqAnswers.Benchmark(Own.Take(60).Select(kv => EqAnswers.ScoreV1(kv.Value, kv.Value.Names.Zip(kv.Value.Scores).ToDictionary(p => p.First, p => p.Second))!.Value));
        Assert.NotEqual(100.0, expected); // the two references differ, so v1 and v2 scoring cannot be confused
        Assert.Equal(expected, run.GetProperty("score").GetDouble());
        Assert.Equal(60, server.Calls);
    }

    [Theory]
    [InlineData(50, 0)] // 50/60 = 0.83333… ≥ 0.8333: passes
    [InlineData(49, 1)] // 49/60 = 0.81667 < 0.8333: fails the parse threshold (exit 1)
    public async Task The_parse_threshold_is_0_8333(int parseable, int exitCode)
    {
        var path = OwnSubset(60);
        var unparseable = Own.Keys.Take(60).Skip(parseable).ToHashSet();
        await using var server = await Server((_, id) => unparseable.Contains(id) ? TestReply.Ok("No idea.") : null);
        var run = await RunJson(await CliRunner.RunAsync(["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--questions", path, "--db", Path.Combine(NewDir(), "runs.db"), "--json"]), exitCode);
        Assert.Equal((double)parseable, run.GetProperty("parseable").GetDouble());
        Assert.Equal(exitCode == 1, run.GetProperty("failedParseThreshold").GetBoolean());
        Assert.Equal(parseable + (3 * (60 - parseable)), server.Calls); // three attempts for an unparseable question
    }

    [Fact]
    public async Task Lenient_parser_end_to_end_reads_what_strict_cannot_and_says_so()
    {
        // lower-case names and bold numbers: the reference parser reads nothing, the lenient one everything
        await using var server = await Server((_, id) => TestReply.Ok(string.Join("\n", Own[id].Names.Select((n, i) => $"{n.ToLowerInvariant()}: **{Own[id].Scores[i].ToString(CultureInfo.InvariantCulture)}**"))));
        var dir = NewDir();
        var lenient = await RunJson(await CliRunner.RunAsync(["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--db", Path.Combine(dir, "runs.db"), "--json", "--parser", "lenient"]));
        Assert.Equal("lenient", lenient.GetProperty("parser").GetString());
        Assert.Equal(100.0, lenient.GetProperty("score").GetDouble());
        Assert.Equal(100.0, lenient.GetProperty("lenientScore").GetDouble());
        Assert.Equal(0.0, lenient.GetProperty("strictParseable").GetDouble());
        Assert.Equal(Items, server.Calls); // the lenient parser accepted every first attempt
        var human = await CliRunner.RunAsync(["runs", "show", "1", "--db", Path.Combine(dir, "runs.db")]);
        Assert.Contains("NOT leaderboard-comparable", human.Stdout, StringComparison.Ordinal);

        // the same answers under the strict parser: three attempts each, nothing parseable, the threshold fails
        var strict = await RunJson(await CliRunner.RunAsync(["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--db", Path.Combine(dir, "runs.db"), "--json"]), 1);
        Assert.Equal(0.0, strict.GetProperty("parseable").GetDouble());
        Assert.Equal(100.0, strict.GetProperty("lenientScore").GetDouble());
        Assert.Equal(Items + (2 * Items), server.Calls); // attempt 1 came from the store; attempts 2 and 3 were asked
    }

    [Fact]
    public async Task Tokens_and_cost_are_accounted_per_run_and_role()
    {
        static int In(TestRequest r) => 50 + (r.Prompt.Length % 97);
        static int Out(TestRequest r) => 5 + (r.Prompt.Length % 7);
        await using var server = await TestEndpoint.StartAsync(req =>
        {
            var q = Own[Identify(req.Prompt)];
            return new TestReply(EqAnswers.Answer(q.Names, q.Scores), InputTokens: In(req), OutputTokens: Out(req));
        });
        var home = NewDir();
        await File.WriteAllTextAsync(Path.Combine(home, "prices.json"), "{\"openai:priced\": {\"input\": 2.5, \"output\": 10}}");
        var env = new Dictionary<string, string?> { ["ATTUNE_HOME"] = home };
        await RunJson(await CliRunner.RunAsync(["run", "--model", "openai:priced", "--base-url", server.BaseUrl, "--json"], env));
        await RunJson(await CliRunner.RunAsync(["run", "--model", "openai:priced", "--base-url", server.BaseUrl, "--json"], env)); // all from the store
        long input = server.Requests.Sum(r => (long)In(r)), output = server.Requests.Sum(r => (long)Out(r));
        var runs = await RunJson(await CliRunner.RunAsync(["runs", "list", "--json"], env));
        var first = runs.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == 1);
        var second = runs.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == 2);
        Assert.Equal(input, first.GetProperty("inputTokens").GetInt64());
        Assert.Equal(output, first.GetProperty("outputTokens").GetInt64());
        Assert.Equal(((input * 2.5) + (output * 10)) / 1_000_000, first.GetProperty("cost").GetDouble(), 12);
        Assert.Equal((Items, Items), (first.GetProperty("answers").GetInt32(), first.GetProperty("asked").GetInt32()));
        Assert.Equal((Items, 0), (second.GetProperty("answers").GetInt32(), second.GetProperty("asked").GetInt32()));
        Assert.Equal(0, second.GetProperty("inputTokens").GetInt64());
        Assert.Equal(0.0, second.GetProperty("cost").GetDouble());
        var role = first.GetProperty("roles")[0];
        Assert.Equal(("subject", "openai:priced", input, output), (role.GetProperty("role").GetString(), role.GetProperty("model").GetString(), role.GetProperty("inputTokens").GetInt64(), role.GetProperty("outputTokens").GetInt64()));
        // a model without a price has no cost, never a zero
        await RunJson(await CliRunner.RunAsync(["run", "--model", "openai:unpriced", "--base-url", server.BaseUrl, "--json"], env));
        var third = (await RunJson(await CliRunner.RunAsync(["runs", "show", "3", "--json"], env)));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("cost").ValueKind);
    }
}
