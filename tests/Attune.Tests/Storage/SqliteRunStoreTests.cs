using System.Text;
using Attune.Chat;
using Attune.Running;
using Attune.Storage;
using Attune.Suites.Eq;
using Microsoft.Data.Sqlite;

namespace Attune.Tests.Storage;

public class SqliteRunStoreTests
{
    private static string TempDb() => Path.Combine(Directory.CreateTempSubdirectory("attune-store-").FullName, "attune.db");

    private static RunDefinition Definition(string settings = "{}", params RoleBinding[] extra)
        => new("eq", "builtin:x", "hash", settings, [new RoleBinding(ModelRole.Subject, "openai:m", "http://h/v1"), .. extra]);

    private static NewResponse Response(long run, string trial, string key, string text, ModelRole role = ModelRole.Subject, int attempt = 1)
        => new(run, trial, role, attempt, 1, key, role == ModelRole.Subject ? "openai:m" : "openai:j", "http://h/v1", "mh-" + key, "[]", 0.5, 60, text, "stop", 10, 2, 5);

    private static object? Scalar(string path, string sql)
    {
        using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    [Fact]
    public void Creates_schema_in_wal_mode()
    {
        var path = TempDb();
        using (SqliteRunStore.Open(path)) { }
        Assert.Equal((long)SqliteRunStore.SchemaVersion, Scalar(path, "PRAGMA user_version;"));
        Assert.Equal("wal", Scalar(path, "PRAGMA journal_mode;"));
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_refused_and_left_untouched()
    {
        var path = TempDb();
        File.WriteAllText(path, "this is my thesis, not a database");
        var ex = Assert.Throws<InputException>(() => SqliteRunStore.Open(path));
        Assert.Contains("not a SQLite database", ex.Message, StringComparison.Ordinal);
        Assert.Equal("this is my thesis, not a database", File.ReadAllText(path));
    }

    [Fact]
    public void A_foreign_sqlite_database_is_refused()
    {
        var path = TempDb();
        Scalar(path, "CREATE TABLE invoices(id INTEGER);");
        var before = File.ReadAllBytes(path);
        Assert.Contains("not an Attune store", Assert.Throws<InputException>(() => SqliteRunStore.Open(path)).Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_store_from_a_newer_schema_is_refused_unchanged()
    {
        var path = TempDb();
        Scalar(path, $"CREATE TABLE runs(id INTEGER); PRAGMA user_version = {SqliteRunStore.SchemaVersion + 1};");
        var before = File.ReadAllBytes(path);
        Assert.Contains("newer Attune", Assert.Throws<InputException>(() => SqliteRunStore.Open(path)).Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_database_locked_by_another_process_is_a_clear_error()
    {
        var path = TempDb();
        using (SqliteRunStore.Open(path)) { }
        using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        using (var pragma = holder.CreateCommand())
        {
            pragma.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;";
            pragma.ExecuteNonQuery();
        }
        var ex = Assert.Throws<InputException>(() => SqliteRunStore.Open(path));
        Assert.Contains("locked", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_first_openers_migrate_once()
    {
        var path = TempDb();
        var opens = Enumerable.Range(0, 12).Select(_ => Task.Run(() =>
        {
            using var store = SqliteRunStore.Open(path);
            return store.Location;
        }));
        var locations = await Task.WhenAll(opens);
        Assert.All(locations, l => Assert.Equal(Path.GetFullPath(path), l));
        Assert.Equal((long)SqliteRunStore.SchemaVersion, Scalar(path, "PRAGMA user_version;"));
    }

    [Fact]
    public void A_run_with_only_a_subject_keys_as_before_roles_existed()
    {
        // the command key of a one-role run is SHA-256 over suite, item hash, model, endpoint and settings joined by U+001F
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("eq\u001fhash\u001fopenai:m\u001fhttp://h/v1\u001f{}")));
        Assert.Equal(expected, Definition().CommandKey);
    }

    [Fact]
    public async Task A_store_of_schema_1_is_migrated_in_place()
    {
        var path = TempDb();
        // schema 1 as the first release wrote it: one model per run, score columns, attempts without roles
        Scalar(path, """
            CREATE TABLE runs(id INTEGER PRIMARY KEY, suite TEXT NOT NULL, item_set TEXT NOT NULL, item_set_hash TEXT NOT NULL, model TEXT NOT NULL,
                endpoint TEXT NOT NULL, settings TEXT NOT NULL, command_key TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, status TEXT NOT NULL,
                score REAL, parseable REAL, error TEXT);
            CREATE INDEX runs_command ON runs(command_key, id);
            CREATE TABLE messages(hash TEXT PRIMARY KEY, json TEXT NOT NULL);
            CREATE TABLE responses(id INTEGER PRIMARY KEY, cache_key TEXT NOT NULL, run_id INTEGER NOT NULL REFERENCES runs(id), trial_id TEXT NOT NULL,
                attempt INTEGER NOT NULL, sample INTEGER NOT NULL, provider_model TEXT NOT NULL, endpoint TEXT NOT NULL, messages_hash TEXT NOT NULL REFERENCES messages(hash),
                temperature REAL, max_tokens INTEGER, text TEXT NOT NULL, finish_reason TEXT, input_tokens INTEGER, output_tokens INTEGER, latency_ms REAL NOT NULL, created_at TEXT NOT NULL);
            CREATE INDEX responses_key ON responses(cache_key, id);
            CREATE TABLE run_attempts(run_id INTEGER NOT NULL REFERENCES runs(id), trial_id TEXT NOT NULL, attempt INTEGER NOT NULL,
                response_id INTEGER NOT NULL REFERENCES responses(id), from_cache INTEGER NOT NULL, PRIMARY KEY(run_id, trial_id, attempt));
            CREATE TABLE transport_failures(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id), trial_id TEXT NOT NULL, attempt INTEGER NOT NULL,
                try INTEGER NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL, retry_after_ms REAL, created_at TEXT NOT NULL);
            CREATE INDEX transport_failures_run ON transport_failures(run_id);
            INSERT INTO runs VALUES(1, 'eq', 'builtin:attune-eq', 'h', 'openai:old', 'http://old/v1', '{}', 'ck', '2026-01-01T00:00:00.0000000+00:00', '2026-01-01T00:01:00.0000000+00:00', 'completed', 61.5, 63, NULL);
            INSERT INTO messages VALUES('m1', '[]');
            INSERT INTO responses VALUES(1, 'key-b', 1, 'eq/1/it1', 2, 1, 'openai:old', 'http://old/v1', 'm1', 0.16, 60, 'second', 'stop', 7, 3, 1.0, '2026-01-01T00:00:02Z');
            INSERT INTO responses VALUES(2, 'key-a', 1, 'eq/1/it1', 1, 1, 'openai:old', 'http://old/v1', 'm1', 0.01, 60, 'first', 'stop', 7, 3, 1.0, '2026-01-01T00:00:01Z');
            INSERT INTO run_attempts VALUES(1, 'eq/1/it1', 2, 1, 0);
            INSERT INTO run_attempts VALUES(1, 'eq/1/it1', 1, 2, 0);
            PRAGMA user_version = 1;
            """);
        using var store = SqliteRunStore.Open(path);
        var run = (await store.GetRunAsync(1))!;
        Assert.Equal(61.5, run.Score);
        Assert.Equal(63, run.Metrics["parseable"]);
        Assert.Equal("openai:old", run.Model);
        Assert.Equal(ModelRole.Subject, Assert.Single(run.Roles).Role);
        Assert.Equal("ck", run.CommandKey);
        var turns = await store.GetTurnsAsync(1);
        Assert.Equal(["first", "second"], turns.Select(t => t.Text)); // attempt order, as the old store kept it
        Assert.Equal("second", (await store.FindResponseAsync("key-b"))!.Text);
        Assert.Equal(6, (await store.GetUsageAsync(1)).OutputTokens);
    }

    [Fact]
    public void A_read_only_store_never_creates_a_file()
    {
        var path = TempDb();
        Assert.Contains("no run store", Assert.Throws<InputException>(() => SqliteRunStore.Open(path, readOnly: true)).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_key_in_play_never_reaches_any_file_of_the_store()
    {
        const string Key = "sk-proj-canary-5f1e0c9a7b3d2e41";
        var dir = Directory.CreateTempSubdirectory("attune-canary-").FullName;
        var path = Path.Combine(dir, "attune.db");
        int n = 0;
        await using var server = await TestEndpoint.StartAsync(req =>
        {
            Assert.Equal("Bearer " + Key, req.Authorization); // the key is really in play
            if (req.Model == "leaky") return new TestReply(Raw: $"forbidden: Authorization: Bearer {Key} (key {Key})");
            return (Interlocked.Increment(ref n) % 4) switch
            {
                1 => new TestReply(Raw: $"forbidden: Authorization: Bearer {Key} (key {Key})"), // a non-JSON 200 quoting the key: retried
                2 => new TestReply(Status: 500),
                _ => TestReply.Ok("Relieved: 2\nDisappointed: 7\nResentful: 5\nGrateful: 1"),
            };
        });
        var retry = new RetryOptions { MaxRetries = 30, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
        string? Environment(string name) => name == "OPENAI_API_KEY" ? Key : null;
        var suite = new EqSuite(EqQuestionSet.LoadBuiltIn());
        using (var store = SqliteRunStore.Open(path))
        {
            using (var role = RoleModel.Create(ModelRole.Subject, "openai:m", server.BaseUrl, retry, 8, Environment))
            {
                var outcome = await SuiteRunner.RunAsync(store, suite, [role], new RunOptions { Parallel = 8 }, CancellationToken.None);
                Assert.Equal(RunStatus.Completed, outcome.Run.Status);
                Assert.True((await store.GetUsageAsync(outcome.Run.Id)).TransportFailures >= 64); // the quoting bodies were seen, and recorded
            }
            using (var leaky = RoleModel.Create(ModelRole.Subject, "openai:leaky", server.BaseUrl, new RetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1) }, 8, Environment))
            {
                await Assert.ThrowsAsync<ProviderException>(() => SuiteRunner.RunAsync(store, suite, [leaky], new RunOptions { Parallel = 8 }, CancellationToken.None));
            }
            var failed = (await store.GetRunAsync(2))!;
            Assert.Equal(RunStatus.Failed, failed.Status);
            Assert.False(string.IsNullOrEmpty(failed.Error));
        }
        var files = Directory.GetFiles(dir);
        Assert.Contains(path, files);
        var needle = Encoding.UTF8.GetBytes(Key[^12..]); // a partial leak is a leak too
        foreach (var file in files) Assert.True(((ReadOnlySpan<byte>)File.ReadAllBytes(file)).IndexOf(needle) < 0, $"{file} contains the key");
    }
}
