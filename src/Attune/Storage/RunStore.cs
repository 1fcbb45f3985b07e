using System.Globalization;
using Attune.Running;
using Microsoft.Data.Sqlite;

namespace Attune.Storage;

/// <summary>
/// The run store: one SQLite file (WAL mode) holding runs, every raw response (committed the moment it arrives),
/// which responses each trial of each run used, transport failures, and results. It doubles as the response cache:
/// a request whose key is stored is never sent again. Versioned migrations; a file that is not an Attune store is
/// refused, never overwritten. Thread-safe (one connection, serialised).
/// </summary>
public sealed class RunStore : IDisposable
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE runs(
            id INTEGER PRIMARY KEY,
            suite TEXT NOT NULL,
            item_set TEXT NOT NULL,
            item_set_hash TEXT NOT NULL,
            model TEXT NOT NULL,
            endpoint TEXT NOT NULL,
            settings TEXT NOT NULL,
            command_key TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL,
            score REAL,
            parseable REAL,
            error TEXT);
        CREATE INDEX runs_command ON runs(command_key, id);
        CREATE TABLE messages(
            hash TEXT PRIMARY KEY,
            json TEXT NOT NULL);
        CREATE TABLE responses(
            id INTEGER PRIMARY KEY,
            cache_key TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            trial_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            sample INTEGER NOT NULL,
            provider_model TEXT NOT NULL,
            endpoint TEXT NOT NULL,
            messages_hash TEXT NOT NULL REFERENCES messages(hash),
            temperature REAL,
            max_tokens INTEGER,
            text TEXT NOT NULL,
            finish_reason TEXT,
            input_tokens INTEGER,
            output_tokens INTEGER,
            latency_ms REAL NOT NULL,
            created_at TEXT NOT NULL);
        CREATE INDEX responses_key ON responses(cache_key, id);
        CREATE TABLE run_attempts(
            run_id INTEGER NOT NULL REFERENCES runs(id),
            trial_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            response_id INTEGER NOT NULL REFERENCES responses(id),
            from_cache INTEGER NOT NULL,
            PRIMARY KEY(run_id, trial_id, attempt));
        CREATE TABLE transport_failures(
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            trial_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            try INTEGER NOT NULL,
            kind TEXT NOT NULL,
            message TEXT NOT NULL,
            retry_after_ms REAL,
            created_at TEXT NOT NULL);
        CREATE INDEX transport_failures_run ON transport_failures(run_id);
        """,
    ];

    private readonly SqliteConnection _db;
    private readonly Lock _gate = new();

    private RunStore(string path, SqliteConnection db)
    {
        Path = path;
        _db = db;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => Migrations.Length;

    /// <summary>The default store: <c>$ATTUNE_HOME/attune.db</c>, with <c>ATTUNE_HOME</c> defaulting to <c>~/.attune</c>.</summary>
    public static string DefaultPath(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var home = environment("ATTUNE_HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".attune");
        }
        return System.IO.Path.Combine(home, "attune.db");
    }

    /// <summary>
    /// Opens (creating or migrating) a store. A file that is not SQLite, a SQLite file that is not an Attune store, a
    /// store from a newer Attune, or a file locked by another process is an <see cref="InputException"/>.
    /// </summary>
    public static RunStore Open(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(path)) throw new InputException($"{path}: is a folder, not a database file");
        if (File.Exists(path)) CheckHeader(path);
        else
        {
            var dir = System.IO.Path.GetDirectoryName(path);
            try
            {
                if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{path}: cannot create the database folder: {ex.Message}");
            }
        }
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 5 };
        var db = new SqliteConnection(builder.ToString());
        try
        {
            db.Open();
            Execute(db, "PRAGMA busy_timeout = 5000;");
            CheckOwnership(db, path); // read-only checks first: a foreign file must not change at all
            Execute(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
            Migrate(db);
            return new RunStore(path, db);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            db.Dispose();
            throw new InputException($"{path}: the database is locked by another process; wait for it to finish or use --db with another file");
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 or 11)
        {
            db.Dispose();
            throw new InputException($"{path}: not a SQLite database (or it is damaged); Attune will not touch it");
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private static void CheckHeader(string path)
    {
        byte[] header = new byte[16];
        int read;
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            read = f.ReadAtLeast(header, 16, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the database file: {ex.Message}");
        }
        if (read == 0) return; // an empty file: SQLite initialises it
        if (read < 16 || !header.AsSpan().SequenceEqual("SQLite format 3\0"u8))
        {
            throw new InputException($"{path}: not a SQLite database; Attune will not touch it (choose another file with --db)");
        }
    }

    private static void CheckOwnership(SqliteConnection db, string path)
    {
        long version = (long)Scalar(db, "PRAGMA user_version;")!;
        if (version > Migrations.Length)
        {
            throw new InputException($"{path}: written by a newer Attune (schema {version}, this build knows {Migrations.Length}); upgrade Attune");
        }
        if (version == 0)
        {
            long tables = (long)Scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table';")!;
            if (tables > 0) throw new InputException($"{path}: a SQLite database, but not an Attune store; Attune will not touch it");
        }
    }

    private static void Migrate(SqliteConnection db)
    {
        long version = (long)Scalar(db, "PRAGMA user_version;")!;
        for (long v = version; v < Migrations.Length; v++)
        {
            using var tx = db.BeginTransaction();
            using (var cmd = db.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = Migrations[v] + $"\nPRAGMA user_version = {v + 1};";
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] args)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// Starts a run, or resumes the latest unfinished run (running, interrupted or failed) with the same command key.
    /// </summary>
    /// <returns>The run and whether it was resumed.</returns>
    public (StoredRun Run, bool Resumed) StartOrResume(RunDefinition definition)
    {
        lock (_gate)
        {
            var key = definition.CommandKey;
            using (var find = Command("SELECT id FROM runs WHERE command_key = $k AND status IN ('running','interrupted','failed') ORDER BY id DESC LIMIT 1;", ("$k", key)))
            {
                if (find.ExecuteScalar() is long existing)
                {
                    using var update = Command("UPDATE runs SET status = 'running', ended_at = NULL, error = NULL WHERE id = $id;", ("$id", existing));
                    update.ExecuteNonQuery();
                    return (GetRunLocked(existing)!, true);
                }
            }
            using var insert = Command(
                "INSERT INTO runs(suite, item_set, item_set_hash, model, endpoint, settings, command_key, started_at, status) VALUES($s,$i,$h,$m,$e,$st,$k,$t,'running') RETURNING id;",
                ("$s", definition.Suite), ("$i", definition.ItemSet), ("$h", definition.ItemSetHash), ("$m", definition.Model),
                ("$e", definition.Endpoint), ("$st", definition.Settings), ("$k", key), ("$t", Now()));
            var id = (long)insert.ExecuteScalar()!;
            return (GetRunLocked(id)!, false);
        }
    }

    /// <summary>The newest stored response for a cache key; with <paramref name="onlyRun"/>, only one that run asked for.</summary>
    public StoredResponse? FindResponse(string cacheKey, long? onlyRun = null)
    {
        lock (_gate)
        {
            using var cmd = Command(
                "SELECT id, cache_key, trial_id, attempt, temperature, max_tokens, text, finish_reason, input_tokens, output_tokens, latency_ms, created_at FROM responses WHERE cache_key = $k"
                + (onlyRun is null ? "" : " AND run_id = $r") + " ORDER BY id DESC LIMIT 1;",
                ("$k", cacheKey), ("$r", onlyRun));
            using var r = cmd.ExecuteReader();
            return r.Read() ? ReadResponse(r) : null;
        }
    }

    private static StoredResponse ReadResponse(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3),
        r.IsDBNull(4) ? null : r.GetDouble(4), r.IsDBNull(5) ? null : r.GetInt32(5), r.GetString(6),
        r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetInt64(8), r.IsDBNull(9) ? null : r.GetInt64(9),
        r.GetDouble(10), DateTimeOffset.Parse(r.GetString(11), CultureInfo.InvariantCulture));

    /// <summary>Stores a response the moment it arrives (its own transaction) and links it to the run's trial attempt.</summary>
    public long SaveResponse(long runId, string cacheKey, ModelRequest request, string providerModel, string endpoint, string messagesHash, string messagesJson, ModelResponse response)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            using (var msg = Command("INSERT OR IGNORE INTO messages(hash, json) VALUES($h, $j);", ("$h", messagesHash), ("$j", messagesJson)))
            {
                msg.Transaction = tx;
                msg.ExecuteNonQuery();
            }
            long id;
            using (var ins = Command(
                "INSERT INTO responses(cache_key, run_id, trial_id, attempt, sample, provider_model, endpoint, messages_hash, temperature, max_tokens, text, finish_reason, input_tokens, output_tokens, latency_ms, created_at) "
                + "VALUES($k,$r,$t,$a,$s,$pm,$e,$mh,$temp,$mt,$text,$fr,$in,$out,$lat,$c) RETURNING id;",
                ("$k", cacheKey), ("$r", runId), ("$t", request.TrialId), ("$a", request.Attempt), ("$s", request.Sample), ("$pm", providerModel),
                ("$e", endpoint), ("$mh", messagesHash), ("$temp", request.Temperature), ("$mt", request.MaxTokens), ("$text", response.Text),
                ("$fr", response.FinishReason), ("$in", response.InputTokens), ("$out", response.OutputTokens), ("$lat", response.Latency.TotalMilliseconds), ("$c", Now())))
            {
                ins.Transaction = tx;
                id = (long)ins.ExecuteScalar()!;
            }
            LinkLocked(tx, runId, request.TrialId, request.Attempt, id, fromCache: false);
            tx.Commit();
            return id;
        }
    }

    /// <summary>Records that a run's trial attempt used a cached response.</summary>
    public void LinkCached(long runId, string trialId, int attempt, long responseId)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            LinkLocked(tx, runId, trialId, attempt, responseId, fromCache: true);
            tx.Commit();
        }
    }

    private void LinkLocked(SqliteTransaction tx, long runId, string trialId, int attempt, long responseId, bool fromCache)
    {
        using var link = Command(
            "INSERT INTO run_attempts(run_id, trial_id, attempt, response_id, from_cache) VALUES($r,$t,$a,$id,$c) "
            + "ON CONFLICT(run_id, trial_id, attempt) DO UPDATE SET response_id = excluded.response_id, from_cache = excluded.from_cache;",
            ("$r", runId), ("$t", trialId), ("$a", attempt), ("$id", responseId), ("$c", fromCache ? 1 : 0));
        link.Transaction = tx;
        link.ExecuteNonQuery();
    }

    /// <summary>Records a failed try (never a model answer).</summary>
    public void SaveTransportFailure(long runId, TransportFailure failure)
    {
        lock (_gate)
        {
            using var cmd = Command(
                "INSERT INTO transport_failures(run_id, trial_id, attempt, try, kind, message, retry_after_ms, created_at) VALUES($r,$t,$a,$try,$k,$m,$ra,$c);",
                ("$r", runId), ("$t", failure.Request.TrialId), ("$a", failure.Request.Attempt), ("$try", failure.Try), ("$k", failure.Kind),
                ("$m", failure.Message), ("$ra", failure.RetryAfter?.TotalMilliseconds), ("$c", Now()));
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The response texts each trial of a run used, by trial id, in attempt order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> TrialTexts(long runId)
    {
        lock (_gate)
        {
            var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            using var cmd = Command(
                "SELECT a.trial_id, r.text FROM run_attempts a JOIN responses r ON r.id = a.response_id WHERE a.run_id = $r ORDER BY a.trial_id, a.attempt;",
                ("$r", runId));
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var trial = reader.GetString(0);
                if (!map.TryGetValue(trial, out var list)) map[trial] = list = [];
                list.Add(reader.GetString(1));
            }
            return map.ToDictionary(k => k.Key, k => (IReadOnlyList<string>)k.Value, StringComparer.Ordinal);
        }
    }

    /// <summary>Marks a run finished (completed, failed or interrupted) with its headline figures, if any.</summary>
    public void Finish(long runId, string status, double? score, double? parseable, string? error)
    {
        lock (_gate)
        {
            using var cmd = Command(
                "UPDATE runs SET status = $s, ended_at = $t, score = $sc, parseable = $p, error = $e WHERE id = $id;",
                ("$s", status), ("$t", Now()), ("$sc", score), ("$p", parseable), ("$e", error), ("$id", runId));
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>One run, or null.</summary>
    public StoredRun? GetRun(long id)
    {
        lock (_gate) return GetRunLocked(id);
    }

    /// <summary>All runs, newest first.</summary>
    public IReadOnlyList<StoredRun> ListRuns()
    {
        lock (_gate)
        {
            using var cmd = Command(RunColumns + " ORDER BY id DESC;");
            using var r = cmd.ExecuteReader();
            var list = new List<StoredRun>();
            while (r.Read()) list.Add(ReadRun(r));
            return list;
        }
    }

    private const string RunColumns = "SELECT id, suite, item_set, item_set_hash, model, endpoint, settings, command_key, started_at, ended_at, status, score, parseable, error FROM runs";

    private StoredRun? GetRunLocked(long id)
    {
        using var cmd = Command(RunColumns + " WHERE id = $id;", ("$id", id));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadRun(r) : null;
    }

    private static StoredRun ReadRun(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
        DateTimeOffset.Parse(r.GetString(8), CultureInfo.InvariantCulture), r.IsDBNull(9) ? null : DateTimeOffset.Parse(r.GetString(9), CultureInfo.InvariantCulture),
        r.GetString(10), r.IsDBNull(11) ? null : r.GetDouble(11), r.IsDBNull(12) ? null : r.GetDouble(12),
        r.IsDBNull(13) ? null : r.GetString(13));

    /// <summary>Token accounting: responses used, how many were asked for (not cached), their tokens, and transport failures.</summary>
    public RunUsage Usage(long runId)
    {
        lock (_gate)
        {
            using var cmd = Command(
                "SELECT count(*), coalesce(sum(1 - a.from_cache), 0), coalesce(sum(CASE WHEN a.from_cache = 0 THEN r.input_tokens END), 0), coalesce(sum(CASE WHEN a.from_cache = 0 THEN r.output_tokens END), 0), "
                + "(SELECT count(*) FROM transport_failures f WHERE f.run_id = $r) FROM run_attempts a JOIN responses r ON r.id = a.response_id WHERE a.run_id = $r;",
                ("$r", runId));
            using var reader = cmd.ExecuteReader();
            reader.Read();
            return new RunUsage(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt32(4));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _db.Dispose();
    }
}
