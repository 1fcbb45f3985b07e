using System.Globalization;
using System.Text.Json;

namespace Attune.Cli.Tests;

/// <summary>attune matrix run|plan end to end.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MatrixTests(PostgresCluster cluster)
{
    private static string Write(string yaml)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("attune-matrix-").FullName, "attune.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [PostgresFact]
    public async Task Two_models_by_two_suites_run_into_postgresql_resume_from_the_store_and_plan_nothing_left()
    {
        var (server, _) = await BuiltInEqServer.StartAsync();
        await using var _s = server;
        var db = cluster.CreateDatabase();
        var file = Write($$"""
            # two models on one loopback endpoint, into a shared store whose password comes from the environment
            store: postgres://attune:${PGPW}@127.0.0.1:{{cluster.Port.ToString(CultureInfo.InvariantCulture)}}/{{db}}
            models:
              - spec: openai:m1
                base-url: ${ENDPOINT}
              - spec: openai:m2
                base-url: ${ENDPOINT}
                parallel: 4
            suites:
              - suite: eq
                questions: {{BuiltInEqServer.Items}}
              - suite: ability
                language: en
            """);
        var env = new Dictionary<string, string?> { ["PGPW"] = cluster.Password, ["ENDPOINT"] = server.BaseUrl };
        var plan = await CliRunner.RunAsync(["matrix", "plan", file, "--json"], env);
        Assert.True(plan.ExitCode == 0, plan.Stderr);
        using (var doc = JsonDocument.Parse(plan.Stdout))
        {
            Assert.Equal(4, doc.RootElement.GetProperty("cells").GetArrayLength());
            Assert.Equal(2 * (64 + 112), doc.RootElement.GetProperty("totals").GetProperty("requests").GetInt32());
            Assert.Equal(0, server.Calls); // planning asks no model
        }
        var run = await CliRunner.RunAsync(["matrix", "run", file, "--json"], env);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(2 * (64 + 112), server.Calls);
        Assert.DoesNotContain(cluster.Password, run.Stdout + run.Stderr, StringComparison.Ordinal);
        string Cells(string json) => string.Join("\n", JsonDocument.Parse(json).RootElement.GetProperty("cells").EnumerateArray()
            .Select(c => $"{c.GetProperty("model")} {c.GetProperty("suite")} {c.GetProperty("run")} {c.GetProperty("complete")} {c.GetProperty("score")}"));
        var first = Cells(run.Stdout);
        using (var doc = JsonDocument.Parse(run.Stdout))
        {
            var cells = doc.RootElement.GetProperty("cells").EnumerateArray().ToList();
            Assert.All(cells, c => Assert.True(c.GetProperty("complete").GetBoolean()));
            Assert.Equal(4, cells.Select(c => c.GetProperty("run").GetInt64()).Distinct().Count());
            var eq = cells.Where(c => c.GetProperty("suite").GetString() == "eq").Select(c => c.GetProperty("score").GetDouble()).ToList();
            Assert.Equal(eq[0], eq[1]); // same answers from the same endpoint
        }
        var again = await CliRunner.RunAsync(["matrix", "run", file, "--json"], env);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(2 * (64 + 112), server.Calls); // completed cells come from the store
        Assert.Equal(first, Cells(again.Stdout));
        var after = await CliRunner.RunAsync(["matrix", "plan", file, "--json"], env);
        using (var doc = JsonDocument.Parse(after.Stdout))
        {
            Assert.Equal(0, doc.RootElement.GetProperty("totals").GetProperty("remainingRequests").GetInt32());
            Assert.All(doc.RootElement.GetProperty("cells").EnumerateArray(), c => Assert.Equal("completed", c.GetProperty("stored").GetProperty("status").GetString()));
        }
        var table = await CliRunner.RunAsync(["matrix", "run", file], env);
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("leaderboard", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("openai:m2", table.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("models:\n  - builtin:baseline\nsuites:\n  - eqq\n", "attune.yaml:4: suites[0]: unknown suite \"eqq\"")]
    [InlineData("models:\n  - spec: openai:m\n    base-url: vllm:8000\nsuites:\n  - eq\n", "attune.yaml:3: models[0].base-url: \"vllm:8000\" is not an http(s) URL")]
    [InlineData("models:\n  - openai:m\n  - builtin:baseline\n  - spec: openai:m\nsuites:\n  - eq\n", "attune.yaml:4: models[2]: duplicate model openai:m (also on line 2)")]
    [InlineData("models:\n  - builtin:baseline\nsuites:\n  - eq\n  - suite: eq3\n    iterations: 2\n", "attune.yaml:5: suites[1]: the eq3 suite needs a judge model")]
    [InlineData("judge: openai:j\nmodels:\n  - builtin:baseline\nsuites:\n  - suite: eq3\n    iterations: 0\n", "attune.yaml:6: suites[0].iterations: must be between 1 and 1000")]
    [InlineData("models:\n  - builtin:baseline\nsuites:\n  - suite: eq\n    turns: 3\n", "attune.yaml:5: suites[0].turns: not an option of the eq suite")]
    [InlineData("modles:\n  - builtin:baseline\n", "attune.yaml:1: modles: unknown key")]
    [InlineData("models:\n  - spec: openai:m\n    base-url: ${ATTUNE_TEST_UNSET_URL}\nsuites:\n  - eq\n", "attune.yaml:3: models[0].base-url: the environment variable ATTUNE_TEST_UNSET_URL is not set")]
    [InlineData("models:\n  - nosuch:model\nsuites:\n  - eq\n", "attune.yaml:2: models[0]:")]
    [InlineData("models: [builtin:baseline\nsuites: eq\n", "attune.yaml:")]
    public async Task A_bad_matrix_file_is_refused_naming_file_line_and_key(string yaml, string expected)
    {
        var file = Write(yaml);
        foreach (var verb in new[] { "plan", "run" })
        {
            var result = await CliRunner.RunAsync(["matrix", verb, file, "--db", Path.Combine(Path.GetDirectoryName(file)!, "a.db")], workingDirectory: Path.GetDirectoryName(file));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(expected, result.Stderr.Replace(file, "attune.yaml", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(file)!, "a.db")));
        }
    }
}
