using Attune.Chat;
using Attune.Storage;

namespace Attune.Tests.Storage;

/// <summary>attune store copy: SQLite → PostgreSQL → SQLite keeps everything but the ids.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StoreCopyTests(PostgresCluster cluster)
{
    private static string TempDb() => Path.Combine(Directory.CreateTempSubdirectory("attune-copy-").FullName, "attune.db");

    private static NewResponse Response(long run, string trial, string key, string text, ModelRole role = ModelRole.Subject)
        => new(run, trial, role, 1, 1, key, "openai:m", "http://h/v1", "mh-" + key, "[{\"role\":\"user\",\"content\":\"" + key + " é\"}]", 0.01, 60, text, "stop", 100, 20, 12.5, "step-" + key);

    private static async Task<string> Fingerprint(IRunStore store)
    {
        var lines = new List<string>();
        foreach (var run in (await store.ListRunsAsync()).OrderBy(r => r.StartedAt))
        {
            lines.Add($"run {run.Suite} {run.CommandKey} {run.StartedAt:O} {run.EndedAt:O} {run.Status} {run.Error} {string.Join(",", run.Roles)} {string.Join(",", run.Metrics.OrderBy(m => m.Key))}");
            foreach (var t in await store.GetTurnsAsync(run.Id)) lines.Add("  " + t + " " + await store.GetMessagesJsonAsync(t.MessagesHash));
            var usage = await store.GetUsageAsync(run.Id);
            lines.Add($"  usage {string.Join(",", usage.Roles)} failures {usage.TransportFailures}");
            lines.Add("  done " + string.Join(",", (await store.GetDoneTrialsAsync(run.Id)).Order(StringComparer.Ordinal)));
        }
        foreach (var v in await store.GetVerdictsAsync()) lines.Add($"verdict {v with { Id = 0 }}");
        return string.Join("\n", lines);
    }

    [PostgresFact]
    public async Task A_round_trip_through_postgresql_keeps_every_run_turn_and_verdict_and_a_second_copy_adds_nothing()
    {
        var sourcePath = TempDb();
        using var source = SqliteRunStore.Open(sourcePath);
        var definition = new RunDefinition("eq", "builtin:x", "h", "{}", [new RoleBinding(ModelRole.Subject, "openai:m", "http://h/v1"), new RoleBinding(ModelRole.Judge, "openai:j", "http://j/v1")]);
        var (a, _) = await source.StartOrResumeAsync(definition);
        await source.SaveResponseAsync(Response(a.Id, "t/1", "k1", "answer one"));
        await source.SaveResponseAsync(Response(a.Id, "t/1", "k2", "verdict", ModelRole.Judge));
        await source.SaveFailureAsync(new FailureRecord(a.Id, ModelRole.Subject, "t/1", 1, 1, "rate-limited", "429 from server", 1500));
        await source.MarkTrialDoneAsync(a.Id, "t/1", null);
        await source.FinishAsync(a.Id, RunStatus.Completed, new Dictionary<string, double> { ["score"] = 64.5, ["trials"] = 1 }, null);
        var (b, _) = await source.StartOrResumeAsync(definition); // the rerun: served from a's answers
        await source.LinkCachedAsync(b.Id, "t/1", ModelRole.Subject, 1, 1, "step-k1", (await source.FindResponseAsync("k1"))!);
        await source.SaveResponseAsync(Response(b.Id, "t/2", "k3", "new answer"));
        await source.FinishAsync(b.Id, RunStatus.Interrupted, null, "stopped by the user");
        await source.SaveVerdictAsync(new GuardVerdictRecord(0, new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), "c", "flattery", 0.75, "so wise", "annotate", "local", null));
        var expected = await Fingerprint(source);

        using var server = PostgresRunStore.Open(cluster.Url(cluster.CreateDatabase()));
        var there = await StoreCopy.CopyAsync(source, server);
        Assert.Equal(new StoreCopyResult(2, 0, 3, 1), there);
        Assert.Equal(expected, await Fingerprint(server));

        using var back = SqliteRunStore.Open(TempDb());
        await StoreCopy.CopyAsync(server, back);
        Assert.Equal(expected, await Fingerprint(back));
        var rerun = (await back.ListRunsAsync()).Single(r => r.Status == RunStatus.Interrupted);
        var usage = await back.GetUsageAsync(rerun.Id);
        Assert.Equal((2, 1), (usage.Requests, usage.NewRequests)); // the cached turn still points at the first run's answer

        Assert.Equal(new StoreCopyResult(0, 2, 0, 0), await StoreCopy.CopyAsync(source, server));
        Assert.Equal(expected, await Fingerprint(server));
    }
}
