using Attune.Chat;
using Attune.Storage;

namespace Attune.Tests.Storage;

/// <summary>
/// The store contract (docs/architecture.md "a store"): every <see cref="IRunStore"/> passes these facts. One subclass
/// per store; the PostgreSQL one skips with a reason where PostgreSQL cannot run.
/// </summary>
public abstract class RunStoreContractTests
{
    /// <summary>A new empty store, and a way to open another connection to it (as another process would).</summary>
    protected abstract (IRunStore Store, Func<IRunStore> OpenAgain) NewStore();

    private static RunDefinition Definition(string settings = "{}", params RoleBinding[] extra)
        => new("eq", "builtin:x", "hash", settings, [new RoleBinding(ModelRole.Subject, "openai:m", "http://h/v1"), .. extra]);

    private static NewResponse Response(long run, string trial, string key, string text, ModelRole role = ModelRole.Subject, int attempt = 1)
        => new(run, trial, role, attempt, 1, key, role == ModelRole.Subject ? "openai:m" : "openai:j", "http://h/v1", "mh-" + key, "[{\"role\":\"user\",\"content\":\"" + key + "\"}]", 0.5, 60, text, "stop", 10, 2, 5);

    private static Worker OtherHost(string id = "w-other") => new(id, "some-other-host", 4242);

    [StoreFact]
    public async Task Same_definition_resumes_an_unfinished_run_and_starts_anew_after_completion()
    {
        var (store, _) = NewStore();
        using var _s = store;
        var (first, resumed) = await store.StartOrResumeAsync(Definition());
        Assert.False(resumed);
        var (again, resumedAgain) = await store.StartOrResumeAsync(Definition());
        Assert.True(resumedAgain);
        Assert.Equal(first.Id, again.Id);
        await store.FinishAsync(first.Id, RunStatus.Completed, new Dictionary<string, double> { ["score"] = 50, ["parseable"] = 10 }, null);
        var finished = (await store.GetRunAsync(first.Id))!;
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal(50, finished.Score);
        Assert.Equal(10, finished.Metrics["parseable"]);
        Assert.NotNull(finished.EndedAt);
        var (next, resumedNext) = await store.StartOrResumeAsync(Definition());
        Assert.False(resumedNext);
        Assert.NotEqual(first.Id, next.Id);
        Assert.Equal(next.Id, (await store.FindLatestRunAsync(Definition().CommandKey))!.Id);
        var (judged, _) = await store.StartOrResumeAsync(Definition("{\"x\":1}", new RoleBinding(ModelRole.Judge, "openai:j", "http://j/v1")));
        Assert.NotEqual(next.Id, judged.Id);
        Assert.Equal(["openai:m", "openai:j"], judged.Roles.Select(r => r.Model));
        Assert.Equal([judged.Id, next.Id, first.Id], (await store.ListRunsAsync()).Select(r => r.Id));
        Assert.Null(await store.FindLatestRunAsync("no such key"));
    }

    [StoreFact]
    public async Task Concurrent_starters_of_one_command_share_one_run()
    {
        var (store, again) = NewStore();
        using var _s = store;
        var others = Enumerable.Range(0, 6).Select(_ => again()).ToList();
        try
        {
            var runs = await Task.WhenAll(others.Select(s => Task.Run(() => s.StartOrResumeAsync(Definition()))));
            Assert.Single(runs.Select(r => r.Run.Id).Distinct());
            Assert.Equal(1, runs.Count(r => !r.Resumed));
        }
        finally
        {
            foreach (var s in others) s.Dispose();
        }
    }

    [StoreFact]
    public async Task Turns_keep_role_order_and_usage_is_per_role()
    {
        var (store, _) = NewStore();
        using var _s = store;
        var (run, _) = await store.StartOrResumeAsync(Definition("{}", new RoleBinding(ModelRole.Judge, "openai:j", "http://j/v1")));
        Assert.Null(await store.FindResponseAsync("k1"));
        await store.SaveResponseAsync(Response(run.Id, "t/1", "k1", "answer 1"));
        await store.SaveResponseAsync(Response(run.Id, "t/1", "k2", "verdict", ModelRole.Judge));
        await store.SaveResponseAsync(Response(run.Id, "t/1", "k3", "answer 2", attempt: 2));
        await store.SaveResponseAsync(Response(run.Id, "T/0", "k4", "other trial")); // upper case sorts first byte-wise
        Assert.Equal("answer 1", (await store.FindResponseAsync("k1"))!.Text);
        var turns = await store.GetTurnsAsync(run.Id);
        Assert.Equal(["other trial", "answer 1", "verdict", "answer 2"], turns.Select(t => t.Text));
        Assert.Equal([ModelRole.Subject, ModelRole.Subject, ModelRole.Judge, ModelRole.Subject], turns.Select(t => t.Role));
        Assert.Equal(["answer 1", "verdict", "answer 2"], (await store.GetTrialTurnsAsync(run.Id, "t/1")).Select(t => t.Text));
        Assert.Equal(["other trial"], (await store.GetTrialTurnsAsync(run.Id, "T/0")).Select(t => t.Text));
        Assert.Empty(await store.GetTrialTurnsAsync(run.Id, "t/2"));
        Assert.Empty(await store.GetTrialTurnsAsync(run.Id + 1, "t/1"));
        var usage = await store.GetUsageAsync(run.Id);
        Assert.Equal(3, usage.Roles.Single(r => r.Role == ModelRole.Subject).Asked);
        Assert.Equal(10, usage.Roles.Single(r => r.Role == ModelRole.Judge).InputTokens);
        Assert.Equal("openai:j", usage.Roles.Single(r => r.Role == ModelRole.Judge).Model);
        Assert.Equal(40, usage.InputTokens);
        Assert.Equal("[{\"role\":\"user\",\"content\":\"k1\"}]", await store.GetMessagesJsonAsync("mh-k1"));
    }

    [StoreFact]
    public async Task The_newest_answer_to_a_key_wins_and_fresh_runs_see_only_their_own()
    {
        var (store, _) = NewStore();
        using var _s = store;
        var (a, _) = await store.StartOrResumeAsync(Definition());
        await store.SaveResponseAsync(Response(a.Id, "t/1", "k", "old"));
        var (b, _) = await store.StartOrResumeAsync(Definition("{\"b\":1}"));
        Assert.Null(await store.FindResponseAsync("k", onlyRun: b.Id));
        await store.SaveResponseAsync(Response(b.Id, "t/1", "k", "new"));
        Assert.Equal("new", (await store.FindResponseAsync("k"))!.Text);
        Assert.Equal("old", (await store.FindResponseAsync("k", onlyRun: a.Id))!.Text);
    }

    [StoreFact]
    public async Task A_cached_answer_linked_twice_is_one_turn_and_an_asked_one_stays_asked()
    {
        var (store, _) = NewStore();
        using var _s = store;
        var (a, _) = await store.StartOrResumeAsync(Definition());
        await store.SaveResponseAsync(Response(a.Id, "t/1", "k1", "once"));
        // a resumed run meets its own answer in the cache: it was still asked by this run
        await store.LinkCachedAsync(a.Id, "t/1", ModelRole.Subject, 1, 1, "", (await store.FindResponseAsync("k1"))!);
        Assert.False(Assert.Single(await store.GetTurnsAsync(a.Id)).FromCache);
        Assert.Equal(1, (await store.GetUsageAsync(a.Id)).NewRequests);
        await store.FinishAsync(a.Id, RunStatus.Completed, null, null);
        var (b, _) = await store.StartOrResumeAsync(Definition());
        var cached = (await store.FindResponseAsync("k1"))!;
        await store.LinkCachedAsync(b.Id, "t/1", ModelRole.Subject, 1, 1, "", cached);
        await store.LinkCachedAsync(b.Id, "t/1", ModelRole.Subject, 1, 1, "", cached);
        var turn = Assert.Single(await store.GetTurnsAsync(b.Id));
        Assert.True(turn.FromCache);
        var usage = await store.GetUsageAsync(b.Id);
        Assert.Equal(1, usage.Requests);
        Assert.Equal(0, usage.NewRequests);
    }

    [StoreFact]
    public async Task Rescoring_metrics_leave_status_and_end_time_alone_and_replace_the_whole_set()
    {
        var (store, _) = NewStore();
        using var _s = store;
        var (run, _) = await store.StartOrResumeAsync(Definition());
        await store.FinishAsync(run.Id, RunStatus.Interrupted, new Dictionary<string, double> { ["old"] = 1 }, "stopped by the user");
        var before = (await store.GetRunAsync(run.Id))!;
        await store.SaveMetricsAsync(run.Id, new Dictionary<string, double> { ["score"] = 12.5, ["nan"] = double.NaN });
        var after = (await store.GetRunAsync(run.Id))!;
        Assert.Equal(RunStatus.Interrupted, after.Status);
        Assert.Equal("stopped by the user", after.Error);
        Assert.Equal(before.EndedAt, after.EndedAt);
        Assert.Equal(["score"], after.Metrics.Keys);
        Assert.Equal(12.5, after.Score);
    }

    [StoreFact]
    public async Task Failures_and_verdicts_are_kept()
    {
        var (store, _) = NewStore();
        using var _s = store;
        var (run, _) = await store.StartOrResumeAsync(Definition());
        await store.SaveFailureAsync(new FailureRecord(run.Id, ModelRole.Subject, "t/1", 1, 1, "rate-limited", "429", 1000));
        await store.SaveFailureAsync(new FailureRecord(run.Id, ModelRole.Subject, "t/1", 1, 2, "server-error", "500", null));
        Assert.Equal(2, (await store.GetUsageAsync(run.Id)).TransportFailures);
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var first = await store.SaveVerdictAsync(new GuardVerdictRecord(0, at, "c1", "flattery", 0.5, "so smart", "annotate", "local", null));
        await store.SaveVerdictAsync(new GuardVerdictRecord(0, at.AddSeconds(1), "c2", "none", 0, "", "annotate", "local", "{}"));
        var verdicts = await store.GetVerdictsAsync();
        Assert.Equal(["c1", "c2"], verdicts.Select(v => v.Conversation));
        Assert.Equal(at, verdicts[0].At);
        Assert.Equal("{}", verdicts[1].Messages);
        Assert.Equal(["c2"], (await store.GetVerdictsAsync(first)).Select(v => v.Conversation));
    }

    [StoreFact]
    public async Task A_claim_belongs_to_one_live_worker_until_it_is_released()
    {
        var (store, _) = NewStore();
        using var _s = store;
        var (run, _) = await store.StartOrResumeAsync(Definition());
        var me = Worker.Create();
        var other = OtherHost();
        var scope = ClaimScopes.Trial(run.Id, "t/1");
        Assert.True((await store.TryClaimAsync(scope, run.Id, me, TimeSpan.FromMinutes(1))).Acquired);
        Assert.True((await store.TryClaimAsync(scope, run.Id, me, TimeSpan.FromMinutes(1))).Acquired); // mine: renewed
        var refused = await store.TryClaimAsync(scope, run.Id, other, TimeSpan.FromMinutes(1));
        Assert.False(refused.Acquired);
        Assert.Equal(me.Id, refused.Holder!.Owner);
        Assert.Equal(me.Pid, refused.Holder.Pid);
        var (claims, now) = await store.GetClaimsAsync(run.Id);
        Assert.Equal(scope, Assert.Single(claims).Scope);
        Assert.True(claims[0].ExpiresAt > now + TimeSpan.FromSeconds(50));
        await store.ReleaseClaimAsync(scope, other); // not the holder: nothing happens
        Assert.False((await store.TryClaimAsync(scope, run.Id, other, TimeSpan.FromMinutes(1))).Acquired);
        await store.ReleaseClaimAsync(scope, me);
        Assert.True((await store.TryClaimAsync(scope, run.Id, other, TimeSpan.FromMinutes(1))).Acquired);
        await store.ReleaseClaimsAsync(other);
        Assert.Empty((await store.GetClaimsAsync(run.Id)).Claims);
    }

    [StoreFact]
    public async Task A_claim_of_a_dead_process_on_this_host_is_stale_at_once_and_another_hosts_when_its_lease_runs_out()
    {
        var (store, _) = NewStore();
        using var _s = store;
        var (run, _) = await store.StartOrResumeAsync(Definition());
        int deadPid;
        using (var gone = System.Diagnostics.Process.Start("true")!)
        {
            await gone.WaitForExitAsync();
            deadPid = gone.Id;
        }
        var killed = new Worker("w-killed", Environment.MachineName, deadPid);
        var me = Worker.Create();
        Assert.True((await store.TryClaimAsync("trial:x", run.Id, killed, TimeSpan.FromHours(1))).Acquired);
        Assert.True((await store.TryClaimAsync("trial:x", run.Id, me, TimeSpan.FromMinutes(1))).Acquired);

        var remote = OtherHost();
        Assert.True((await store.TryClaimAsync("trial:y", run.Id, remote, TimeSpan.FromSeconds(2))).Acquired);
        Assert.False((await store.TryClaimAsync("trial:y", run.Id, me, TimeSpan.FromMinutes(1))).Acquired); // another host's live lease
        Assert.Equal(1, await store.RenewClaimsAsync(remote, TimeSpan.FromSeconds(2)));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.True((await store.TryClaimAsync("trial:y", run.Id, me, TimeSpan.FromMinutes(1))).Acquired); // no heartbeat: stale
        Assert.Equal(0, await store.RenewClaimsAsync(remote, TimeSpan.FromSeconds(2))); // it lost it
    }

    [StoreFact]
    public async Task Racing_workers_in_separate_connections_get_a_claim_exactly_once()
    {
        var (store, again) = NewStore();
        using var _s = store;
        var (run, _) = await store.StartOrResumeAsync(Definition());
        var stores = Enumerable.Range(0, 8).Select(_ => again()).ToList();
        try
        {
            for (int round = 0; round < 5; round++)
            {
                var scope = ClaimScopes.Request("key-" + round);
                var attempts = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => s.TryClaimAsync(scope, run.Id, OtherHost("w" + i), TimeSpan.FromMinutes(1)))));
                Assert.Equal(1, attempts.Count(a => a.Acquired));
            }
        }
        finally
        {
            foreach (var s in stores) s.Dispose();
        }
    }

    [StoreFact]
    public async Task Storing_the_answer_ends_the_request_claim_and_finishing_a_trial_ends_its_claim()
    {
        var (store, _) = NewStore();
        using var _s = store;
        var (run, _) = await store.StartOrResumeAsync(Definition());
        var me = OtherHost("asker");
        var waiter = OtherHost("waiter");
        Assert.True((await store.TryClaimAsync(ClaimScopes.Request("k1"), run.Id, me, TimeSpan.FromMinutes(1))).Acquired);
        Assert.False((await store.TryClaimAsync(ClaimScopes.Request("k1"), run.Id, waiter, TimeSpan.FromMinutes(1))).Acquired);
        await store.SaveResponseAsync(Response(run.Id, "t/1", "k1", "answer"));
        Assert.True((await store.TryClaimAsync(ClaimScopes.Request("k1"), run.Id, waiter, TimeSpan.FromMinutes(1))).Acquired);

        Assert.True((await store.TryClaimAsync(ClaimScopes.Trial(run.Id, "t/1"), run.Id, me, TimeSpan.FromMinutes(1))).Acquired);
        Assert.Empty(await store.GetDoneTrialsAsync(run.Id));
        await store.MarkTrialDoneAsync(run.Id, "t/1", me);
        await store.MarkTrialDoneAsync(run.Id, "t/1", me); // twice: still one
        await store.MarkTrialDoneAsync(run.Id, "t/2", null);
        Assert.Equal(["t/1", "t/2"], (await store.GetDoneTrialsAsync(run.Id)).Order(StringComparer.Ordinal));
        Assert.True((await store.TryClaimAsync(ClaimScopes.Trial(run.Id, "t/1"), run.Id, waiter, TimeSpan.FromMinutes(1))).Acquired);
    }

    [StoreFact]
    public async Task An_exported_run_imports_unchanged_into_another_store()
    {
        var (store, _) = NewStore();
        var (target, _) = NewStore();
        using var _s = store;
        using var _t = target;
        var (a, _) = await store.StartOrResumeAsync(Definition("{}", new RoleBinding(ModelRole.Judge, "openai:j", "http://j/v1")));
        await store.SaveResponseAsync(Response(a.Id, "t/1", "k1", "answer 1"));
        await store.SaveResponseAsync(Response(a.Id, "t/1", "k2", "verdict ✓ ü 🙂", ModelRole.Judge) with { Temperature = null, MaxTokens = null, InputTokens = null, FinishReason = null, Step = "judge" });
        await store.SaveFailureAsync(new FailureRecord(a.Id, ModelRole.Judge, "t/1", 1, 1, "timeout", "took too long", null));
        await store.MarkTrialDoneAsync(a.Id, "t/1", null);
        await store.FinishAsync(a.Id, RunStatus.Completed, new Dictionary<string, double> { ["score"] = 71.25, ["trials"] = 1 }, null);
        var export = await store.ExportRunAsync(a.Id);
        var import = await target.ImportRunAsync(export);
        await target.ImportTurnsAsync(import.RunId, [.. export.Turns.Select(t => t with { ResponseId = import.ResponseIds[t.ResponseId] })]);
        var copy = await target.ExportRunAsync(import.RunId);
        Assert.Equal(export.Run with { Id = 0, Metrics = null!, Roles = null! }, copy.Run with { Id = 0, Metrics = null!, Roles = null! });
        Assert.Equal(export.Run.Metrics.OrderBy(m => m.Key), copy.Run.Metrics.OrderBy(m => m.Key));
        Assert.Equal(export.Run.Roles, copy.Run.Roles);
        Assert.Equal(export.Responses.Select(r => r with { Id = 0, RunId = 0 }), copy.Responses.Select(r => r with { Id = 0, RunId = 0 }));
        Assert.Equal(export.Messages.OrderBy(m => m.Key), copy.Messages.OrderBy(m => m.Key));
        Assert.Equal(export.Turns.Select(t => t with { ResponseId = 0 }), copy.Turns.Select(t => t with { ResponseId = 0 }));
        Assert.Equal(export.Failures.Select(f => f with { Failure = f.Failure with { RunId = 0 } }), copy.Failures.Select(f => f with { Failure = f.Failure with { RunId = 0 } }));
        Assert.Equal(export.DoneTrials, copy.DoneTrials);
        Assert.Equal(await store.GetTurnsAsync(a.Id), await target.GetTurnsAsync(import.RunId));
        Assert.Equal((await store.GetUsageAsync(a.Id)).Roles, (await target.GetUsageAsync(import.RunId)).Roles);
    }
}
