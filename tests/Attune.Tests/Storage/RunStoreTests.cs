using Attune.Running;
using Attune.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace Attune.Tests.Storage;

public class RunStoreTests
{
    private static string TempDb() => Path.Combine(Directory.CreateTempSubdirectory("attune-store-").FullName, "attune.db");

    private static RunDefinition Definition(string settings = "{}") => new("eq", "builtin:x", "hash", "openai:m", "http://h/v1", settings);

    [Fact]
    public void Creates_schema_in_wal_mode()
    {
        var path = TempDb();
        using (var store = RunStore.Open(path)) { }
        using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "PRAGMA user_version;";
        Assert.Equal((long)RunStore.SchemaVersion, cmd.ExecuteScalar());
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", cmd.ExecuteScalar());
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_refused_and_left_untouched()
    {
        var path = TempDb();
        File.WriteAllText(path, "this is my thesis, not a database");
        var ex = Assert.Throws<InputException>(() => RunStore.Open(path));
        Assert.Contains("not a SQLite database", ex.Message, StringComparison.Ordinal);
        Assert.Equal("this is my thesis, not a database", File.ReadAllText(path));
    }

    [Fact]
    public void A_foreign_sqlite_database_is_refused()
    {
        var path = TempDb();
        using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "CREATE TABLE invoices(id INTEGER);";
            cmd.ExecuteNonQuery();
        }
        var before = File.ReadAllBytes(path);
        Assert.Contains("not an Attune store", Assert.Throws<InputException>(() => RunStore.Open(path)).Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_database_locked_by_another_process_is_a_clear_error()
    {
        var path = TempDb();
        using (RunStore.Open(path)) { }
        using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        using (var pragma = holder.CreateCommand())
        {
            pragma.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;";
            pragma.ExecuteNonQuery();
        }
        var ex = Assert.Throws<InputException>(() => RunStore.Open(path));
        Assert.Contains("locked", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_definition_resumes_an_unfinished_run_and_starts_anew_after_completion()
    {
        using var store = RunStore.Open(TempDb());
        var (first, resumed) = store.StartOrResume(Definition());
        Assert.False(resumed);
        var (again, resumedAgain) = store.StartOrResume(Definition());
        Assert.True(resumedAgain);
        Assert.Equal(first.Id, again.Id);
        store.Finish(first.Id, "completed", 50, 10, null);
        var (next, resumedNext) = store.StartOrResume(Definition());
        Assert.False(resumedNext);
        Assert.NotEqual(first.Id, next.Id);
        var (other, _) = store.StartOrResume(Definition("{\"x\":1}"));
        Assert.NotEqual(next.Id, other.Id);
    }

    [Fact]
    public void Responses_are_found_by_key_and_linked_to_trials_in_attempt_order()
    {
        using var store = RunStore.Open(TempDb());
        var (run, _) = store.StartOrResume(Definition());
        var request = new ModelRequest("eq/1/it1", [new ChatMessage(ChatRole.User, "hi")], 0.01, 60, 1, 1);
        var json = RequestKey.MessagesJson(request);
        var key = RequestKey.For("openai:m", "http://h/v1", request, RequestKey.Hash(json));
        Assert.Null(store.FindResponse(key));
        store.SaveResponse(run.Id, key, request, "openai:m", "http://h/v1", RequestKey.Hash(json), json, new ModelResponse("A: 1", "stop", 10, 2, TimeSpan.FromMilliseconds(5)));
        var retry = request with { Attempt = 2, Temperature = 0.16 };
        var key2 = RequestKey.For("openai:m", "http://h/v1", retry, RequestKey.Hash(json));
        Assert.NotEqual(key, key2);
        store.SaveResponse(run.Id, key2, retry, "openai:m", "http://h/v1", RequestKey.Hash(json), json, new ModelResponse("A: 2", "stop", 10, 2, TimeSpan.FromMilliseconds(5)));
        Assert.Equal("A: 1", store.FindResponse(key)!.Text);
        Assert.Equal(["A: 1", "A: 2"], store.TrialTexts(run.Id)["eq/1/it1"]);
        var usage = store.Usage(run.Id);
        Assert.Equal(2, usage.NewRequests);
        Assert.Equal(20, usage.InputTokens);
    }

    [Fact]
    public void The_cache_key_never_contains_or_depends_on_a_secret()
    {
        var request = new ModelRequest("t", [new ChatMessage(ChatRole.User, "hi")], 0.5, 10, 1, 1);
        var json = RequestKey.MessagesJson(request);
        Assert.Equal(RequestKey.For("openai:m", "http://h/v1", request, RequestKey.Hash(json)), RequestKey.For("openai:m", "http://h/v1", request, RequestKey.Hash(json)));
        Assert.NotEqual(RequestKey.For("openai:m", "http://h/v1", request, RequestKey.Hash(json)), RequestKey.For("openai:m", "http://h/v1", request with { Sample = 2 }, RequestKey.Hash(json)));
    }
}
