using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Attune.Cli.Tests;

/// <summary>Sharded runs: N processes, one store, one run.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ShardTests(PostgresCluster cluster)
{
    // the split as docs/kubernetes.md states it: SHA-256 of the trial id, first 8 bytes big-endian, modulo N
    private static int ShardOf(string trialId, int n) => (int)(BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(trialId))) % (ulong)n);

    private static string NewDir() => Directory.CreateTempSubdirectory("attune-shard-").FullName;

    [PostgresFact]
    public async Task Three_shards_with_one_killed_and_restarted_complete_one_run_with_the_single_process_score_asking_nothing_twice()
    {
        var (server, idByPrompt) = await BuiltInEqServer.StartAsync(TimeSpan.FromMilliseconds(120));
        await using var _s = server;
        string[] Args(string db, params string[] extra) => ["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--questions", BuiltInEqServer.Items, "--db", db, "--json", .. extra];

        var single = await CliRunner.RunAsync(Args(Path.Combine(NewDir(), "single.db"), "--parallel", "4"));
        Assert.True(single.ExitCode == 0, single.Stderr);
        double expected;
        using (var doc = JsonDocument.Parse(single.Stdout)) expected = doc.RootElement.GetProperty("score").GetDouble();
        Assert.Equal(64, server.Calls);
        Assert.NotEqual(100.0, expected); // the nudged items cost points: a real score to match

        var db = cluster.CreateDatabase();
        var url = cluster.Url(db);
        int before = server.Requests.Count;
        var shard0 = CliRunner.RunAsync(Args(url, "--parallel", "2", "--shard", "0/3"));
        var shard2 = CliRunner.RunAsync(Args(url, "--parallel", "2", "--shard", "2/3"));
        using (var victim = CliRunner.Start(Args(url, "--parallel", "2", "--shard", "1/3"), new Dictionary<string, string?>()))
        {
            var sw = Stopwatch.StartNew();
            while (server.Requests.Skip(before).Count(r => ShardOf($"eq/{idByPrompt[r.Prompt]}/it1", 3) == 1) < 6 && sw.Elapsed < TimeSpan.FromSeconds(90)) await Task.Delay(20);
            victim.Kill(); // SIGKILL, mid-run
            await victim.WaitForExitAsync();
        }
        var restarted = await CliRunner.RunAsync(Args(url, "--parallel", "2", "--shard", "1/3"));
        var results = new[] { await shard0, restarted, await shard2 };
        foreach (var r in results) Assert.True(r.ExitCode == 0, r.Stderr);
        int complete = 0;
        foreach (var r in results)
        {
            using var doc = JsonDocument.Parse(r.Stdout);
            if (doc.RootElement.TryGetProperty("complete", out var c) && !c.GetBoolean()) continue; // a shard that finished before the others
            Assert.Equal(expected, doc.RootElement.GetProperty("score").GetDouble());
            complete++;
        }
        Assert.True(complete >= 1, "the shard that finished last prints the score");

        var list = await CliRunner.RunAsync(["runs", "list", "--db", url, "--json"]);
        Assert.True(list.ExitCode == 0, list.Stderr);
        using (var runs = JsonDocument.Parse(list.Stdout))
        {
            var run = Assert.Single(runs.RootElement.EnumerateArray());
            Assert.Equal("completed", run.GetProperty("status").GetString());
            Assert.Equal(expected, run.GetProperty("score").GetDouble());
            Assert.Equal(64, run.GetProperty("answers").GetInt32());
            Assert.Equal(64, run.GetProperty("asked").GetInt32());
        }
        Assert.Equal(64L, cluster.Scalar(db, "SELECT count(*) FROM responses;"));
        Assert.Equal(64L, cluster.Scalar(db, "SELECT count(DISTINCT cache_key) FROM responses;"));
        Assert.Equal(0L, cluster.Scalar(db, "SELECT count(*) FROM claims;"));
        // every prompt asked once, except what the killed shard had in flight (at most its 2 parallel requests)
        var asked = server.Requests.Skip(before).GroupBy(r => r.Prompt).ToList();
        Assert.Equal(64, asked.Count);
        var twice = asked.Where(g => g.Count() > 1).ToList();
        Assert.True(twice.Count <= 2, $"{twice.Count} prompts asked twice");
        Assert.All(twice, g => Assert.Equal(1, ShardOf($"eq/{idByPrompt[g.Key]}/it1", 3)));
        Assert.All(twice, g => Assert.Equal(2, g.Count()));
    }

    [PostgresFact]
    public async Task Two_processes_running_the_same_command_share_the_run_and_ask_each_prompt_once()
    {
        var (server, _) = await BuiltInEqServer.StartAsync(TimeSpan.FromMilliseconds(60));
        await using var _s = server;
        var url = cluster.Url(cluster.CreateDatabase());
        string[] args = ["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--questions", BuiltInEqServer.Items, "--db", url, "--json", "--parallel", "4"];
        var both = await Task.WhenAll(CliRunner.RunAsync(args), CliRunner.RunAsync(args));
        foreach (var r in both) Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(64, server.Calls);
        var scores = both.Select(r => JsonDocument.Parse(r.Stdout).RootElement.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores[0], scores[1]);
        var list = await CliRunner.RunAsync(["runs", "list", "--db", url, "--json"]);
        using var runs = JsonDocument.Parse(list.Stdout);
        Assert.Equal("completed", Assert.Single(runs.RootElement.EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_shard_index_comes_from_the_scheduler_and_a_bad_one_is_refused()
    {
        var db = Path.Combine(NewDir(), "a.db");
        var bad = await CliRunner.RunAsync(["run", "--db", db, "--shard", "3/3"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("outside 0–2", bad.Stderr, StringComparison.Ordinal);
        var none = await CliRunner.RunAsync(["run", "--db", db, "--shard", "4"], new Dictionary<string, string?> { ["JOB_COMPLETION_INDEX"] = null, ["SLURM_ARRAY_TASK_ID"] = null });
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("JOB_COMPLETION_INDEX", none.Stderr, StringComparison.Ordinal);
        // the baseline on Attune's 64 items in 2 shards, the index from Kubernetes and then from Slurm (array 1-2)
        var first = await CliRunner.RunAsync(["run", "--db", db, "--shard", "2", "--json"], new Dictionary<string, string?> { ["JOB_COMPLETION_INDEX"] = "0" });
        Assert.True(first.ExitCode == 0, first.Stderr);
        using (var doc = JsonDocument.Parse(first.Stdout))
        {
            Assert.False(doc.RootElement.GetProperty("complete").GetBoolean());
            Assert.Equal(Enumerable.Range(1, 64).Count(i => ShardOf($"eq/{i}/it1", 2) == 0), doc.RootElement.GetProperty("trialsDone").GetInt32());
        }
        var second = await CliRunner.RunAsync(["run", "--db", db, "--shard", "2", "--json"], new Dictionary<string, string?> { ["SLURM_ARRAY_TASK_ID"] = "2", ["SLURM_ARRAY_TASK_MIN"] = "1" });
        Assert.True(second.ExitCode == 0, second.Stderr);
        var whole = await CliRunner.RunAsync(["run", "--db", Path.Combine(NewDir(), "b.db"), "--json"]);
        using var a = JsonDocument.Parse(second.Stdout);
        using var b = JsonDocument.Parse(whole.Stdout);
        Assert.Equal(b.RootElement.GetProperty("score").GetDouble(), a.RootElement.GetProperty("score").GetDouble());
        Assert.Equal(22.39, a.RootElement.GetProperty("score").GetDouble()); // the baseline's score on Attune's items (README)
    }
}
