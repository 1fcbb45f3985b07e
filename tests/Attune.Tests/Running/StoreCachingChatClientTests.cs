using Attune.Chat;
using Attune.Running;
using Attune.Storage;
using Microsoft.Extensions.AI;

namespace Attune.Tests.Running;

public class StoreCachingChatClientTests
{
    private static IChatClient Through(IChatClient inner, IRunStore store, long run, ModelRole role, string model, bool fresh = false)
        => inner.AsBuilder().UseRunStore(new StoreCacheOptions { Store = store, RunId = run, Role = role, Model = model, Endpoint = "http://e/v1", Fresh = fresh }).Build();

    private static async Task<(SqliteRunStore Store, RunRecord Run)> NewRun(string settings = "{}")
    {
        var store = SqliteRunStore.Open(Path.Combine(Directory.CreateTempSubdirectory("attune-cache-").FullName, "a.db"));
        var (run, _) = await store.StartOrResumeAsync(new RunDefinition("eq", "x", "h", settings,
            [new RoleBinding(ModelRole.Subject, "openai:s", "http://e/v1"), new RoleBinding(ModelRole.Judge, "openai:j", "http://e/v1")]));
        return (store, run);
    }

    [Fact]
    public async Task A_stored_answer_is_served_without_asking_and_a_new_one_is_stored_first()
    {
        await using var server = await TestEndpoint.StartAsync(req => TestReply.Ok($"answer {req.Call}"));
        var (store, run) = await NewRun();
        using var _ = store;
        var subject = Through(server.CreateClient(), store, run.Id, ModelRole.Subject, "openai:s");
        var options = new TrialTag("t/1", 1, 1).On(new ChatOptions { Temperature = 0.01f, MaxOutputTokens = 60 });
        var first = await subject.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options);
        Assert.Equal("answer 1", first.Text);
        Assert.False(ResponseProperties.IsFromCache(first));
        var again = await subject.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options);
        Assert.Equal("answer 1", again.Text);
        Assert.True(ResponseProperties.IsFromCache(again));
        Assert.Equal(1, server.Calls);
        var turn = Assert.Single(await store.GetTurnsAsync(run.Id));
        Assert.Equal(ModelRole.Subject, turn.Role);
    }

    [Fact]
    public async Task The_key_covers_role_model_history_settings_attempt_and_sample()
    {
        await using var server = await TestEndpoint.StartAsync(req => TestReply.Ok($"answer {req.Call}"));
        var (store, run) = await NewRun();
        using var _ = store;
        var subject = Through(server.CreateClient(), store, run.Id, ModelRole.Subject, "openai:s");
        var judge = Through(server.CreateClient(), store, run.Id, ModelRole.Judge, "openai:j");
        ChatMessage[] history = [new(ChatRole.User, "q"), new(ChatRole.Assistant, "a"), new(ChatRole.User, "q2")];
        ChatOptions Opt(int attempt = 1, int sample = 1, float t = 0.5f, int max = 60) => new TrialTag("t/1", attempt, sample).On(new ChatOptions { Temperature = t, MaxOutputTokens = max });
        await subject.GetResponseAsync(history, Opt());
        await judge.GetResponseAsync(history, Opt());                       // other model: asked
        await subject.GetResponseAsync(history[..1], Opt());                // other history: asked
        await subject.GetResponseAsync(history, Opt(attempt: 2));           // other attempt: asked
        await subject.GetResponseAsync(history, Opt(sample: 2));            // other sample (iteration): asked
        await subject.GetResponseAsync(history, Opt(t: 0.6f));              // other temperature: asked
        await subject.GetResponseAsync(history, Opt(max: 61));              // other completion limit: asked
        var topP = new TrialTag("t/1", 1, 1).On(new ChatOptions { Temperature = 0.5f, MaxOutputTokens = 60, TopP = 0.9f });
        await subject.GetResponseAsync(history, topP);                      // another sampling setting: asked
        Assert.Equal(8, server.Calls);
        await subject.GetResponseAsync(history, Opt());                     // same as the first: served
        await judge.GetResponseAsync(history, Opt());
        Assert.Equal(8, server.Calls);
    }

    [Fact]
    public async Task A_fresh_run_ignores_earlier_runs_but_not_its_own_answers()
    {
        await using var server = await TestEndpoint.StartAsync(req => TestReply.Ok($"answer {req.Call}"));
        var (store, run) = await NewRun();
        using var _ = store;
        var options = new TrialTag("t/1", 1, 1).On();
        await Through(server.CreateClient(), store, run.Id, ModelRole.Subject, "openai:s").GetResponseAsync("q", options);
        await store.FinishAsync(run.Id, RunStatus.Completed, null, null);
        var (next, _) = await store.StartOrResumeAsync(new RunDefinition("eq", "x", "h", "{}", [new RoleBinding(ModelRole.Subject, "openai:s", "http://e/v1")]));
        var fresh = Through(server.CreateClient(), store, next.Id, ModelRole.Subject, "openai:s", fresh: true);
        Assert.Equal("answer 2", (await fresh.GetResponseAsync("q", options)).Text);
        Assert.Equal("answer 2", (await fresh.GetResponseAsync("q", options)).Text);
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task An_untagged_request_is_a_programming_error()
    {
        await using var server = await TestEndpoint.StartAsync(_ => TestReply.Ok("x"));
        var (store, run) = await NewRun();
        using var _ = store;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Through(server.CreateClient(), store, run.Id, ModelRole.Subject, "openai:s").GetResponseAsync("q"));
        Assert.Equal(0, server.Calls);
    }
}
