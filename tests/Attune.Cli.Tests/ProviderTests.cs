using System.Text;
using System.Text.Json;

namespace Attune.Cli.Tests;

/// <summary>
/// <c>ollama:</c> and <c>anthropic:</c> models over HTTP through their real clients (OllamaSharp, the Anthropic SDK)
/// against a loopback server speaking each provider's documented wire format, and the promise that keys never reach
/// the store, a report, a summary or the output.
/// </summary>
public class ProviderTests
{
    private const int Items = 64;

    private static readonly Dictionary<string, EqAnswers.Question> Own = EqAnswers.Questions(EqAnswers.OwnItems);

    private static readonly Func<string, string> Identify = EqAnswers.Identifier(Own);

    private static string NewDir() => Directory.CreateTempSubdirectory("attune-providers-").FullName;

    private static TestReply Exact(TestRequest req)
    {
        var q = Own[Identify(req.Prompt)];
        return TestReply.Ok(EqAnswers.Answer(q.Names, q.Scores));
    }

    private static JsonElement Parse(CliResult r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Ollama_models_run_over_the_ollama_chat_api()
    {
        await using var server = await TestEndpoint.StartAsync(Exact);
        // the host from --base-url, then from OLLAMA_HOST given without a scheme, as Ollama's own CLI accepts it
        var viaFlag = Parse(await CliRunner.RunAsync(["run", "--model", "ollama:llama3.1:8b", "--base-url", server.Root, "--db", Path.Combine(NewDir(), "r.db"), "--json"]));
        Assert.Equal(100.0, viaFlag.GetProperty("score").GetDouble());
        Assert.Equal(Items, server.Calls);
        var viaEnv = Parse(await CliRunner.RunAsync(["run", "--model", "ollama:llama3.1:8b", "--db", Path.Combine(NewDir(), "r.db"), "--json"],
            new Dictionary<string, string?> { ["OLLAMA_HOST"] = server.Root.Replace("http://", "", StringComparison.Ordinal) }));
        Assert.Equal(100.0, viaEnv.GetProperty("score").GetDouble());
        Assert.Equal(2 * Items, server.Calls);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal(("ollama", "llama3.1:8b"), (r.Api, r.Model));
            Assert.Equal(60, r.MaxTokens);                  // options.num_predict
            Assert.Equal(0.01, r.Temperature!.Value, 6);    // options.temperature
            Assert.Equal("user", Assert.Single(r.Messages).Role);
            Assert.Equal("", r.Authorization);
        });
    }

    [Fact]
    public async Task Anthropic_models_run_over_the_messages_api_with_the_reference_system_message()
    {
        const string Key = "sk-ant-loopback-0001";
        await using var server = await TestEndpoint.StartAsync(Exact);
        var db = Path.Combine(NewDir(), "r.db");
        var run = Parse(await CliRunner.RunAsync(["run", "--model", "anthropic:claude-test", "--base-url", server.Root, "--db", db, "--json", "--parallel", "4"],
            new Dictionary<string, string?> { ["ANTHROPIC_API_KEY"] = Key }));
        Assert.Equal(100.0, run.GetProperty("score").GetDouble());
        Assert.Equal(Items, server.Calls);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal(("anthropic", "claude-test"), (r.Api, r.Model));
            Assert.Equal("Bearer " + Key, r.Authorization); // the Anthropic SDK 13 sends the API key as a bearer token
            Assert.Equal(60, r.MaxTokens);
            Assert.Equal(0.01, r.Temperature!.Value, 6);
            // the EQ-Bench v2 spec: the reference's Anthropic path adds this system message
            Assert.Equal([("system", "You are an expert in emotional intelligence."), ("user", r.Prompt)], r.Messages);
        });
        var list = Parse(await CliRunner.RunAsync(["runs", "list", "--db", db, "--json"]));
        Assert.Equal(Items * 100, list[0].GetProperty("inputTokens").GetInt64()); // usage read from the Messages API body
        Assert.Equal(Items * 20, list[0].GetProperty("outputTokens").GetInt64());
    }

    [Fact]
    public async Task A_key_never_reaches_the_store_a_report_a_summary_or_the_output()
    {
        string openaiKey = "sk-canary-" + Guid.NewGuid().ToString("N"), anthropicKey = "sk-ant-canary-" + Guid.NewGuid().ToString("N");
        var home = NewDir();
        var env = new Dictionary<string, string?> { ["ATTUNE_HOME"] = home, ["OPENAI_API_KEY"] = openaiKey, ["ANTHROPIC_API_KEY"] = anthropicKey };
        int quoted = 0;
        await using var server = await TestEndpoint.StartAsync(req =>
        {
            // the keys are really sent (so the test has something to leak) ...
            Assert.Equal("Bearer " + (req.Api == "openai" ? openaiKey : anthropicKey), req.Authorization);
            // ... and a misbehaving server quotes them back: in a non-JSON 200 body, always for model "leaky"
            var key = req.Api == "openai" ? openaiKey : anthropicKey;
            if (req.Model == "leaky" || Interlocked.Increment(ref quoted) <= 3) return new TestReply(Raw: $"forbidden: Authorization: Bearer {key} (x-api-key {key})");
            return Exact(req);
        });
        var outputs = new StringBuilder();
        async Task<CliResult> Attune(params string[] args)
        {
            var r = await CliRunner.RunAsync(args, env);
            outputs.Append(r.Stdout).Append(r.Stderr);
            return r;
        }
        string summary = Path.Combine(home, "summary.md"), junit = Path.Combine(home, "junit.xml");
        Assert.Equal(0, (await Attune("run", "--model", "openai:m", "--base-url", server.BaseUrl, "--json", "--summary", summary, "--junit", junit)).ExitCode);
        Assert.Equal(0, (await Attune("run", "--model", "anthropic:claude-test", "--base-url", server.Root, "--summary", summary)).ExitCode);
        var failed = await Attune("run", "--model", "openai:leaky", "--base-url", server.BaseUrl, "--retries", "1");
        Assert.Equal(3, failed.ExitCode);
        var failedJson = await Attune("run", "--model", "openai:leaky", "--base-url", server.BaseUrl, "--retries", "0", "--json");
        Assert.Equal(3, failedJson.ExitCode);
        foreach (var args in new[]
        {
            new[] { "runs", "list" }, ["runs", "list", "--json"], ["runs", "show", "3"], ["runs", "show", "3", "--json"], ["runs", "show", "1", "--json"],
            ["runs", "rescore", "1", "--json"], ["runs", "compare", "1", "2", "--json", "--summary", summary],
            ["report", "1", "--format", "html", "--out", Path.Combine(home, "r1.html")], ["report", "2", "--format", "md", "--out", Path.Combine(home, "r2.md")],
            ["report", "1", "--format", "json", "--out", Path.Combine(home, "r1.json")], ["report", "3", "--format", "md", "--out", Path.Combine(home, "r3.md")],
        })
        {
            await Attune(args);
        }
        Assert.True(quoted >= 3, "the server quoted the keys back");
        Assert.True(File.Exists(Path.Combine(home, "attune.db")));
        Assert.True(File.Exists(Path.Combine(home, "r3.md")));

        // every file written (the store with its WAL and shared memory, reports, summaries, JUnit) and every line printed
        var files = Directory.EnumerateFiles(home, "*", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count >= 7, string.Join(", ", files));
        foreach (var key in new[] { openaiKey, anthropicKey })
        {
            var tail = Encoding.UTF8.GetBytes(key[^16..]); // a partial leak is a leak too
            foreach (var file in files) Assert.True(((ReadOnlySpan<byte>)File.ReadAllBytes(file)).IndexOf(tail) < 0, $"{file} contains the key");
            Assert.DoesNotContain(key[^16..], outputs.ToString(), StringComparison.Ordinal);
        }
    }
}
