using System.Text.Json;
using System.Text.Json.Nodes;

namespace Attune.Cli.Tests;

/// <summary>attune store copy and --db postgres:// through the real binary.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StoreCommandTests(PostgresCluster cluster)
{
    private static string NewDb() => Path.Combine(Directory.CreateTempSubdirectory("attune-storecli-").FullName, "attune.db");

    private static string Runs(string stdout)
    {
        var runs = JsonNode.Parse(stdout)!.AsArray();
        foreach (var r in runs) r!.AsObject().Remove("id");
        return runs.ToJsonString();
    }

    [PostgresFact]
    public async Task Store_copy_round_trips_sqlite_postgresql_sqlite_and_a_second_copy_adds_nothing()
    {
        var a = NewDb();
        Assert.Equal(0, (await CliRunner.RunAsync(["run", "--db", a, "--json"])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(["run", "--suite", "ability", "--db", a, "--json"])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(["run", "--db", a, "--json"])).ExitCode); // a rerun answered from the cache
        var url = cluster.Url(cluster.CreateDatabase());
        var there = await CliRunner.RunAsync(["store", "copy", "--from", a, "--to", url, "--json"]);
        Assert.True(there.ExitCode == 0, there.Stderr);
        Assert.DoesNotContain(cluster.Password, there.Stdout, StringComparison.Ordinal);
        using (var doc = JsonDocument.Parse(there.Stdout)) Assert.Equal(3, doc.RootElement.GetProperty("runs").GetInt32());
        var b = NewDb();
        Assert.Equal(0, (await CliRunner.RunAsync(["store", "copy", "--from", url, "--to", b])).ExitCode);
        var listA = await CliRunner.RunAsync(["runs", "list", "--db", a, "--json"]);
        var listPg = await CliRunner.RunAsync(["runs", "list", "--db", url, "--json"]);
        var listB = await CliRunner.RunAsync(["runs", "list", "--db", b, "--json"]);
        Assert.Equal(Runs(listA.Stdout), Runs(listPg.Stdout));
        Assert.Equal(Runs(listA.Stdout), Runs(listB.Stdout));
        var showA = await CliRunner.RunAsync(["runs", "show", "2", "--db", a, "--json"]);
        var showB = await CliRunner.RunAsync(["runs", "show", "2", "--db", b, "--json"]);
        Assert.Equal(JsonNode.Parse(showA.Stdout)!["result"]!.ToJsonString(), JsonNode.Parse(showB.Stdout)!["result"]!.ToJsonString());
        var repeat = await CliRunner.RunAsync(["store", "copy", "--from", a, "--to", url, "--json"]);
        using (var doc = JsonDocument.Parse(repeat.Stdout))
        {
            Assert.Equal(0, doc.RootElement.GetProperty("runs").GetInt32());
            Assert.Equal(3, doc.RootElement.GetProperty("skipped").GetInt32());
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_exit_3_naming_host_and_port_and_never_the_password()
    {
        int port = PostgresCluster.FreePort();
        var result = await CliRunner.RunAsync(["run", "--db", $"postgres://attune:Very-S3cret-pw@127.0.0.1:{port}/attune"]);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"127.0.0.1:{port}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Very-S3cret-pw", result.Stderr + result.Stdout, StringComparison.Ordinal);
        var viaEnv = await CliRunner.RunAsync(["runs", "list"], new Dictionary<string, string?> { ["ATTUNE_DB"] = $"postgres://attune@127.0.0.1:{port}/attune", ["PGPASSWORD"] = "Env-S3cret-pw" });
        Assert.Equal(3, viaEnv.ExitCode);
        Assert.DoesNotContain("Env-S3cret-pw", viaEnv.Stderr + viaEnv.Stdout, StringComparison.Ordinal);
    }
}
