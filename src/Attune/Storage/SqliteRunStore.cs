using System.Globalization;
using Attune.Chat;
using Microsoft.Data.Sqlite;

namespace Attune.Storage;

/// <summary>
/// The run store in one SQLite file (WAL mode, versioned migrations applied atomically even when several processes
/// open a new file at once). A file that is not an Attune store, a store from a newer Attune, or a damaged or locked
/// file is refused with an <see cref="InputException"/>, never changed. Thread-safe (one connection, serialised).
/// </summary>
public sealed class SqliteRunStore : IRunStore
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
        // 2: roles, turns and metrics. Every run gets its subject binding; every old attempt becomes a subject turn;
        // the score and parseable columns become metrics.
        """
        CREATE TABLE run_roles(
            run_id INTEGER NOT NULL REFERENCES runs(id),
            role TEXT NOT NULL,
            model TEXT NOT NULL,
            endpoint TEXT NOT NULL,
            PRIMARY KEY(run_id, role));
        INSERT INTO run_roles(run_id, role, model, endpoint) SELECT id, 'subject', model, endpoint FROM runs;
        ALTER TABLE responses ADD COLUMN role TEXT NOT NULL DEFAULT 'subject';
        CREATE TABLE run_turns(
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            trial_id TEXT NOT NULL,
            role TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            sample INTEGER NOT NULL,
            cache_key TEXT NOT NULL,
            response_id INTEGER NOT NULL REFERENCES responses(id),
            from_cache INTEGER NOT NULL,
            step TEXT NOT NULL DEFAULT '',
            UNIQUE(run_id, trial_id, cache_key));
        INSERT INTO run_turns(run_id, trial_id, role, attempt, sample, cache_key, response_id, from_cache)
            SELECT a.run_id, a.trial_id, 'subject', a.attempt, r.sample, r.cache_key, a.response_id, a.from_cache
            FROM run_attempts a JOIN responses r ON r.id = a.response_id ORDER BY a.run_id, a.trial_id, a.attempt;
        DROP TABLE run_attempts;
        CREATE TABLE run_metrics(
            run_id INTEGER NOT NULL REFERENCES runs(id),
            name TEXT NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY(run_id, name));
        INSERT INTO run_metrics(run_id, name, value) SELECT id, 'score', score FROM runs WHERE score IS NOT NULL;
        INSERT INTO run_metrics(run_id, name, value) SELECT id, 'parseable', parseable FROM runs WHERE parseable IS NOT NULL;
        ALTER TABLE runs DROP COLUMN score;
        ALTER TABLE runs DROP COLUMN parseable;
        ALTER TABLE transport_failures ADD COLUMN role TEXT NOT NULL DEFAULT 'subject';
        CREATE TABLE guard_verdicts(
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            conversation TEXT NOT NULL,
            criterion TEXT NOT NULL,
            strength REAL NOT NULL,
            snippet TEXT NOT NULL,
            policy TEXT NOT NULL,
            assessor TEXT NOT NULL,
            messages TEXT);
        """,
        // 3: several writers. Trials a run finished (so shards and joining processes skip them and know when a run is
        // whole), and claims: leases on trials and requests held by a worker (host, pid), renewed by its heartbeat.
        """
        CREATE TABLE run_trials(
            run_id INTEGER NOT NULL REFERENCES runs(id),
            trial_id TEXT NOT NULL,
            done_at TEXT NOT NULL,
            PRIMARY KEY(run_id, trial_id));
        CREATE TABLE claims(
            scope TEXT PRIMARY KEY,
            run_id INTEGER,
            owner TEXT NOT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            expires_ms INTEGER NOT NULL);
        CREATE INDEX claims_owner ON claims(owner);
        CREATE INDEX claims_run ON claims(run_id);
        """,
    ];

    private readonly SqliteConnection _db;
    private readonly Lock _gate = new();

    private SqliteRunStore(string path, SqliteConnection db)
    {
        Location = path;
        _db = db;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => Migrations.Length;

    /// <summary>
    /// Opens (creating or migrating) a store. A file that is not SQLite, a SQLite file that is not an Attune store, a
    /// store from a newer Attune, a damaged file, or a file locked by another process is an <see cref="InputException"/>.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="readOnly">Open without writing (never creates or migrates; a store from an older schema is refused).</param>
    public static SqliteRunStore Open(string path, bool readOnly = false)
    {
        path = Path.GetFullPath(path);
        if (Directory.Exists(path)) throw new InputException($"{path}: is a folder, not a database file");
        if (File.Exists(path)) CheckHeader(path);
        else if (readOnly) throw new InputException($"{path}: no run store there");
        else
        {
            var dir = Path.GetDirectoryName(path);
            try
            {
                if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{path}: cannot create the database folder: {ex.Message}");
            }
        }
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 5,
        };
        var db = new SqliteConnection(builder.ToString());
        try
        {
            db.Open();
            Execute(db, "PRAGMA busy_timeout = 5000;");
            CheckOwnership(db, path, readOnly); // read-only checks first: a foreign file must not change at all
            if (!readOnly)
            {
                if (File.Exists(path) && new FileInfo(path).Length > 0) CheckIntegrity(db, path);
                Execute(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
                Migrate(db);
            }
            return new SqliteRunStore(path, db);
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
        catch (SqliteException ex) when (ex.SqliteErrorCode is 8 or 14 or 13 or 10)
        {
            db.Dispose();
            throw new InputException($"{path}: cannot write the database ({ex.Message.ReplaceLineEndings(" ")})");
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

    private static void CheckOwnership(SqliteConnection db, string path, bool readOnly)
    {
        // One read transaction: the version and the table count come from the same snapshot, so a store another
        // process is creating right now is never mistaken for a foreign database.
        long version, tables;
        using (var tx = db.BeginTransaction(deferred: true))
        using (var cmd = db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "PRAGMA user_version;";
            version = (long)cmd.ExecuteScalar()!;
            cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table';";
            tables = (long)cmd.ExecuteScalar()!;
            tx.Commit();
        }
        if (version > Migrations.Length)
        {
            throw new InputException($"{path}: written by a newer Attune (schema {version}, this build knows {Migrations.Length}); upgrade Attune");
        }
        if (version == 0 && tables > 0) throw new InputException($"{path}: a SQLite database, but not an Attune store; Attune will not touch it");
        if (readOnly && version < Migrations.Length)
        {
            throw new InputException($"{path}: written by an older Attune (schema {version}); run any attune command that writes to it once to upgrade it");
        }
    }

    private static void CheckIntegrity(SqliteConnection db, string path)
    {
        var result = Scalar(db, "PRAGMA quick_check(1);") as string;
        if (result != "ok") throw new InputException($"{path}: the database is damaged ({result}); Attune will not write to it");
    }

    private static void Migrate(SqliteConnection db)
    {
        while (true)
        {
            // BEGIN IMMEDIATE takes the write lock before the version is read, so concurrent first openers migrate once.
            using var tx = db.BeginTransaction(deferred: false);
            long version;
            using (var read = db.CreateCommand())
            {
                read.Transaction = tx;
                read.CommandText = "PRAGMA user_version;";
                version = (long)read.ExecuteScalar()!;
            }
            if (version >= Migrations.Length) return;
            using (var cmd = db.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = Migrations[version] + $"\nPRAGMA user_version = {version + 1};";
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

    // Whole microseconds, so a time survives a copy to PostgreSQL (timestamptz) and back unchanged.
    private static DateTimeOffset NowUtc()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % 10));
    }

    private static string Now() => Time(NowUtc());

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private T Locked<T>(Func<T> body)
    {
        lock (_gate)
        {
            try
            {
                return body();
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 13 or 10 or 8 or 14)
            {
                throw new InputException($"{Location}: cannot write the database ({ex.Message.ReplaceLineEndings(" ")})");
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
            {
                throw new InputException($"{Location}: the database stayed locked by another process past the 5 s busy timeout");
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
            {
                throw new InputException($"{Location}: the database is damaged ({ex.Message.ReplaceLineEndings(" ")})");
            }
        }
    }

    /// <inheritdoc />
    public Task<(RunRecord Run, bool Resumed)> StartOrResumeAsync(RunDefinition definition, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        var key = definition.CommandKey;
        using var tx = _db.BeginTransaction();
        using (var find = Command("SELECT id FROM runs WHERE command_key = $k AND status IN ('running','interrupted','failed') ORDER BY id DESC LIMIT 1;", ("$k", key)))
        {
            find.Transaction = tx;
            if (find.ExecuteScalar() is long existing)
            {
                using var update = Command("UPDATE runs SET status = 'running', ended_at = NULL, error = NULL WHERE id = $id;", ("$id", existing));
                update.Transaction = tx;
                update.ExecuteNonQuery();
                tx.Commit();
                return (GetRunLocked(existing)!, true);
            }
        }
        var subject = definition.Primary;
        long id;
        using (var insert = Command(
            "INSERT INTO runs(suite, item_set, item_set_hash, model, endpoint, settings, command_key, started_at, status) VALUES($s,$i,$h,$m,$e,$st,$k,$t,'running') RETURNING id;",
            ("$s", definition.Suite), ("$i", definition.ItemSet), ("$h", definition.ItemSetHash), ("$m", subject.Model),
            ("$e", subject.Endpoint), ("$st", definition.Settings), ("$k", key), ("$t", Now())))
        {
            insert.Transaction = tx;
            id = (long)insert.ExecuteScalar()!;
        }
        foreach (var role in definition.Roles)
        {
            using var bind = Command("INSERT INTO run_roles(run_id, role, model, endpoint) VALUES($r,$role,$m,$e);", ("$r", id), ("$role", role.Role.Name()), ("$m", role.Model), ("$e", role.Endpoint));
            bind.Transaction = tx;
            bind.ExecuteNonQuery();
        }
        tx.Commit();
        return (GetRunLocked(id)!, false);
    }));

    /// <inheritdoc />
    public Task<StoredResponse?> FindResponseAsync(string cacheKey, long? onlyRun = null, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        using var cmd = Command(
            "SELECT id, cache_key, text, finish_reason, input_tokens, output_tokens, latency_ms FROM responses WHERE cache_key = $k"
            + (onlyRun is null ? "" : " AND run_id = $r") + " ORDER BY id DESC LIMIT 1;",
            ("$k", cacheKey), ("$r", onlyRun));
        using var r = cmd.ExecuteReader();
        return r.Read()
            ? new StoredResponse(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetInt64(4), r.IsDBNull(5) ? null : r.GetInt64(5), r.GetDouble(6))
            : null;
    }));

    /// <inheritdoc />
    public Task<long> SaveResponseAsync(NewResponse response, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        using var tx = _db.BeginTransaction();
        using (var msg = Command("INSERT OR IGNORE INTO messages(hash, json) VALUES($h, $j);", ("$h", response.MessagesHash), ("$j", response.MessagesJson)))
        {
            msg.Transaction = tx;
            msg.ExecuteNonQuery();
        }
        long id;
        using (var ins = Command(
            "INSERT INTO responses(cache_key, run_id, trial_id, attempt, sample, provider_model, endpoint, messages_hash, temperature, max_tokens, text, finish_reason, input_tokens, output_tokens, latency_ms, created_at, role) "
            + "VALUES($k,$r,$t,$a,$s,$pm,$e,$mh,$temp,$mt,$text,$fr,$in,$out,$lat,$c,$role) RETURNING id;",
            ("$k", response.CacheKey), ("$r", response.RunId), ("$t", response.TrialId), ("$a", response.Attempt), ("$s", response.Sample), ("$pm", response.Model),
            ("$e", response.Endpoint), ("$mh", response.MessagesHash), ("$temp", response.Temperature), ("$mt", response.MaxTokens), ("$text", response.Text),
            ("$fr", response.FinishReason), ("$in", response.InputTokens), ("$out", response.OutputTokens), ("$lat", response.LatencyMs), ("$c", Now()), ("$role", response.Role.Name())))
        {
            ins.Transaction = tx;
            id = (long)ins.ExecuteScalar()!;
        }
        LinkLocked(tx, response.RunId, response.TrialId, response.Role, response.Attempt, response.Sample, response.Step, response.CacheKey, id, fromCache: false);
        using (var release = Command("DELETE FROM claims WHERE scope = $s;", ("$s", ClaimScopes.Request(response.CacheKey))))
        {
            release.Transaction = tx;
            release.ExecuteNonQuery();
        }
        tx.Commit();
        return id;
    }));

    /// <inheritdoc />
    public Task LinkCachedAsync(long runId, string trialId, ModelRole role, int attempt, int sample, string step, StoredResponse response, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        using var tx = _db.BeginTransaction();
        LinkLocked(tx, runId, trialId, role, attempt, sample, step, response.CacheKey, response.Id, fromCache: true);
        tx.Commit();
        return 0;
    }));

    private void LinkLocked(SqliteTransaction tx, long runId, string trialId, ModelRole role, int attempt, int sample, string step, string cacheKey, long responseId, bool fromCache)
    {
        using var link = Command(
            "INSERT INTO run_turns(run_id, trial_id, role, attempt, sample, cache_key, response_id, from_cache, step) VALUES($r,$t,$role,$a,$s,$k,$id,$c,$step) "
            + "ON CONFLICT(run_id, trial_id, cache_key) DO UPDATE SET from_cache = CASE WHEN run_turns.response_id = excluded.response_id THEN run_turns.from_cache ELSE excluded.from_cache END, "
            + "response_id = excluded.response_id, step = excluded.step;",
            ("$r", runId), ("$t", trialId), ("$role", role.Name()), ("$a", attempt), ("$s", sample), ("$k", cacheKey), ("$id", responseId), ("$c", fromCache ? 1 : 0), ("$step", step));
        link.Transaction = tx;
        link.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public Task SaveFailureAsync(FailureRecord failure, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        using var cmd = Command(
            "INSERT INTO transport_failures(run_id, trial_id, attempt, try, kind, message, retry_after_ms, created_at, role) VALUES($r,$t,$a,$try,$k,$m,$ra,$c,$role);",
            ("$r", failure.RunId), ("$t", failure.TrialId), ("$a", failure.Attempt), ("$try", failure.Try), ("$k", failure.Kind),
            ("$m", failure.Message), ("$ra", failure.RetryAfterMs), ("$c", Now()), ("$role", failure.Role.Name()));
        return cmd.ExecuteNonQuery();
    }));

    /// <inheritdoc />
    public Task<IReadOnlyList<TurnRecord>> GetTurnsAsync(long runId, CancellationToken cancellationToken = default)
        => Task.FromResult(Locked(() => ReadTurns(Command(TurnsQuery + "WHERE t.run_id = $r ORDER BY t.trial_id, t.id;", ("$r", runId)))));

    /// <inheritdoc />
    public Task<IReadOnlyList<TurnRecord>> GetTrialTurnsAsync(long runId, string trialId, CancellationToken cancellationToken = default)
        => Task.FromResult(Locked(() => ReadTurns(Command(TurnsQuery + "WHERE t.run_id = $r AND t.trial_id = $t ORDER BY t.id;", ("$r", runId), ("$t", trialId)))));

    private const string TurnsQuery = "SELECT t.trial_id, t.role, t.attempt, t.sample, r.messages_hash, r.text, r.finish_reason, r.input_tokens, r.output_tokens, t.from_cache, t.step "
        + "FROM run_turns t JOIN responses r ON r.id = t.response_id ";

    private static IReadOnlyList<TurnRecord> ReadTurns(SqliteCommand command)
    {
        using var cmd = command;
        var list = new List<TurnRecord>();
        using var reader = cmd.ExecuteReader();
        string? lastTrial = null;
        while (reader.Read())
        {
            var trial = reader.GetString(0);
            if (trial == lastTrial) trial = lastTrial; // share one string per trial
            lastTrial = trial;
            list.Add(new TurnRecord(trial, ModelRoles.Parse(reader.GetString(1)), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetInt64(8), reader.GetInt32(9) != 0, reader.GetString(10)));
        }
        return list;
    }

    /// <inheritdoc />
    public Task<string?> GetMessagesJsonAsync(string messagesHash, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        using var cmd = Command("SELECT json FROM messages WHERE hash = $h;", ("$h", messagesHash));
        return cmd.ExecuteScalar() as string;
    }));

    /// <inheritdoc />
    public Task FinishAsync(long runId, RunStatus status, IReadOnlyDictionary<string, double>? metrics, string? error, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        using var tx = _db.BeginTransaction();
        using (var cmd = Command("UPDATE runs SET status = $s, ended_at = $t, error = $e WHERE id = $id;", ("$s", status.Name()), ("$t", Now()), ("$e", error), ("$id", runId)))
        {
            cmd.Transaction = tx;
            cmd.ExecuteNonQuery();
        }
        if (metrics is not null) ReplaceMetricsLocked(tx, runId, metrics);
        tx.Commit();
        return 0;
    }));

    /// <inheritdoc />
    public Task SaveMetricsAsync(long runId, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        using var tx = _db.BeginTransaction();
        ReplaceMetricsLocked(tx, runId, metrics);
        tx.Commit();
        return 0;
    }));

    private void ReplaceMetricsLocked(SqliteTransaction tx, long runId, IReadOnlyDictionary<string, double> metrics)
    {
        using (var delete = Command("DELETE FROM run_metrics WHERE run_id = $r;", ("$r", runId)))
        {
            delete.Transaction = tx;
            delete.ExecuteNonQuery();
        }
        foreach (var (name, value) in metrics)
        {
            if (!double.IsFinite(value)) continue;
            using var ins = Command("INSERT INTO run_metrics(run_id, name, value) VALUES($r,$n,$v);", ("$r", runId), ("$n", name), ("$v", value));
            ins.Transaction = tx;
            ins.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public Task<RunRecord?> GetRunAsync(long id, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() => GetRunLocked(id)));

    /// <inheritdoc />
    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken cancellationToken = default) => Task.FromResult(Locked<IReadOnlyList<RunRecord>>(() =>
    {
        var roles = AllRolesLocked(null);
        var metrics = AllMetricsLocked(null);
        using var cmd = Command(RunColumns + " ORDER BY id DESC;");
        using var r = cmd.ExecuteReader();
        var list = new List<RunRecord>();
        while (r.Read()) list.Add(ReadRun(r, roles, metrics));
        return list;
    }));

    private const string RunColumns = "SELECT id, suite, item_set, item_set_hash, settings, command_key, started_at, ended_at, status, error FROM runs";

    private RunRecord? GetRunLocked(long id)
    {
        var roles = AllRolesLocked(id);
        var metrics = AllMetricsLocked(id);
        using var cmd = Command(RunColumns + " WHERE id = $id;", ("$id", id));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadRun(r, roles, metrics) : null;
    }

    private Dictionary<long, List<RoleBinding>> AllRolesLocked(long? runId)
    {
        var map = new Dictionary<long, List<RoleBinding>>();
        using var cmd = Command("SELECT run_id, role, model, endpoint FROM run_roles" + (runId is null ? "" : " WHERE run_id = $r") + ";", ("$r", runId));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var id = r.GetInt64(0);
            if (!map.TryGetValue(id, out var list)) map[id] = list = [];
            list.Add(new RoleBinding(ModelRoles.Parse(r.GetString(1)), r.GetString(2), r.GetString(3)));
        }
        foreach (var list in map.Values) list.Sort((a, b) => a.Role.CompareTo(b.Role));
        return map;
    }

    private Dictionary<long, Dictionary<string, double>> AllMetricsLocked(long? runId)
    {
        var map = new Dictionary<long, Dictionary<string, double>>();
        using var cmd = Command("SELECT run_id, name, value FROM run_metrics" + (runId is null ? "" : " WHERE run_id = $r") + ";", ("$r", runId));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var id = r.GetInt64(0);
            if (!map.TryGetValue(id, out var m)) map[id] = m = new Dictionary<string, double>(StringComparer.Ordinal);
            m[r.GetString(1)] = r.GetDouble(2);
        }
        return map;
    }

    private static RunRecord ReadRun(SqliteDataReader r, Dictionary<long, List<RoleBinding>> roles, Dictionary<long, Dictionary<string, double>> metrics)
    {
        var id = r.GetInt64(0);
        return new RunRecord(
            id, r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
            roles.TryGetValue(id, out var rl) ? rl : [],
            ParseTime(r.GetString(6)), r.IsDBNull(7) ? null : ParseTime(r.GetString(7)),
            RunStatuses.Parse(r.GetString(8)),
            metrics.TryGetValue(id, out var m) ? m : new Dictionary<string, double>(StringComparer.Ordinal),
            r.IsDBNull(9) ? null : r.GetString(9));
    }

    /// <inheritdoc />
    public Task<RunUsage> GetUsageAsync(long runId, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        var roles = new List<RoleUsage>();
        using (var cmd = Command(
            "SELECT t.role, coalesce(b.model, ''), count(*), coalesce(sum(1 - t.from_cache), 0), coalesce(sum(CASE WHEN t.from_cache = 0 THEN r.input_tokens END), 0), coalesce(sum(CASE WHEN t.from_cache = 0 THEN r.output_tokens END), 0) "
            + "FROM run_turns t JOIN responses r ON r.id = t.response_id LEFT JOIN run_roles b ON b.run_id = t.run_id AND b.role = t.role WHERE t.run_id = $r GROUP BY t.role, b.model;",
            ("$r", runId)))
        {
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                roles.Add(new RoleUsage(ModelRoles.Parse(reader.GetString(0)), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4), reader.GetInt64(5)));
            }
        }
        roles.Sort((a, b) => a.Role.CompareTo(b.Role));
        using var failures = Command("SELECT count(*) FROM transport_failures WHERE run_id = $r;", ("$r", runId));
        return new RunUsage(roles, (int)(long)failures.ExecuteScalar()!);
    }));

    /// <inheritdoc />
    public Task<long> SaveVerdictAsync(GuardVerdictRecord verdict, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        using var cmd = Command(
            "INSERT INTO guard_verdicts(at, conversation, criterion, strength, snippet, policy, assessor, messages) VALUES($at,$c,$cr,$s,$sn,$p,$a,$m) RETURNING id;",
            ("$at", verdict.At.ToString("O", CultureInfo.InvariantCulture)), ("$c", verdict.Conversation), ("$cr", verdict.Criterion), ("$s", verdict.Strength),
            ("$sn", verdict.Snippet), ("$p", verdict.Policy), ("$a", verdict.Assessor), ("$m", verdict.Messages));
        return (long)cmd.ExecuteScalar()!;
    }));

    /// <inheritdoc />
    public Task<IReadOnlyList<GuardVerdictRecord>> GetVerdictsAsync(long afterId = 0, int limit = 1000, CancellationToken cancellationToken = default) => Task.FromResult(Locked<IReadOnlyList<GuardVerdictRecord>>(() =>
    {
        using var cmd = Command("SELECT id, at, conversation, criterion, strength, snippet, policy, assessor, messages FROM guard_verdicts WHERE id > $a ORDER BY id LIMIT $l;", ("$a", afterId), ("$l", limit));
        using var r = cmd.ExecuteReader();
        var list = new List<GuardVerdictRecord>();
        while (r.Read())
        {
            list.Add(new GuardVerdictRecord(r.GetInt64(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), r.GetString(2), r.GetString(3), r.GetDouble(4),
                r.GetString(5), r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8)));
        }
        return list;
    }));

    /// <inheritdoc />
    public Task<RunRecord?> FindLatestRunAsync(string commandKey, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        using var find = Command("SELECT id FROM runs WHERE command_key = $k ORDER BY id DESC LIMIT 1;", ("$k", commandKey));
        return find.ExecuteScalar() is long id ? GetRunLocked(id) : null;
    }));

    private int Exec(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(sql, args);
        cmd.Transaction = tx;
        return cmd.ExecuteNonQuery();
    }

    private static long Millis(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    /// <inheritdoc />
    public Task<ClaimAttempt> TryClaimAsync(string scope, long? runId, Worker worker, TimeSpan lease, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        ArgumentNullException.ThrowIfNull(worker);
        var now = DateTimeOffset.UtcNow;
        var expires = Millis(now + lease);
        // the common case in one statement: the scope is free, ours, or expired
        if (Exec(null, "INSERT INTO claims(scope, run_id, owner, host, pid, expires_ms) VALUES($s,$r,$o,$h,$p,$e) "
            + "ON CONFLICT(scope) DO UPDATE SET run_id = excluded.run_id, owner = excluded.owner, host = excluded.host, pid = excluded.pid, expires_ms = excluded.expires_ms "
            + "WHERE claims.owner = excluded.owner OR claims.expires_ms <= $now;",
            ("$s", scope), ("$r", runId), ("$o", worker.Id), ("$h", worker.Host), ("$p", worker.Pid), ("$e", expires), ("$now", Millis(now))) > 0)
        {
            return ClaimAttempt.Won;
        }
        // held by someone else: look at the holder (a dead process on this host lets go at once)
        using var tx = _db.BeginTransaction();
        Claim? holder = null;
        using (var read = Command("SELECT owner, host, pid, expires_ms, run_id FROM claims WHERE scope = $s;", ("$s", scope)))
        {
            read.Transaction = tx;
            using var r = read.ExecuteReader();
            if (r.Read())
            {
                holder = new Claim(scope, r.IsDBNull(4) ? null : r.GetInt64(4), r.GetString(0), r.GetString(1), r.GetInt32(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)));
            }
        }
        if (holder is not null && holder.Owner != worker.Id && !worker.SeesStale(holder, now))
        {
            tx.Commit();
            return new ClaimAttempt(false, holder);
        }
        Exec(tx, "INSERT INTO claims(scope, run_id, owner, host, pid, expires_ms) VALUES($s,$r,$o,$h,$p,$e) "
            + "ON CONFLICT(scope) DO UPDATE SET run_id = excluded.run_id, owner = excluded.owner, host = excluded.host, pid = excluded.pid, expires_ms = excluded.expires_ms;",
            ("$s", scope), ("$r", runId), ("$o", worker.Id), ("$h", worker.Host), ("$p", worker.Pid), ("$e", expires));
        tx.Commit();
        return ClaimAttempt.Won;
    }));

    /// <inheritdoc />
    public Task<int> RenewClaimsAsync(Worker worker, TimeSpan lease, CancellationToken cancellationToken = default) => Task.FromResult(Locked(()
        => Exec(null, "UPDATE claims SET expires_ms = $e WHERE owner = $o;", ("$e", Millis(DateTimeOffset.UtcNow + lease)), ("$o", worker.Id))));

    /// <inheritdoc />
    public Task ReleaseClaimAsync(string scope, Worker worker, CancellationToken cancellationToken = default) => Task.FromResult(Locked(()
        => Exec(null, "DELETE FROM claims WHERE scope = $s AND owner = $o;", ("$s", scope), ("$o", worker.Id))));

    /// <inheritdoc />
    public Task ReleaseClaimsAsync(Worker worker, CancellationToken cancellationToken = default) => Task.FromResult(Locked(()
        => Exec(null, "DELETE FROM claims WHERE owner = $o;", ("$o", worker.Id))));

    /// <inheritdoc />
    public Task<(IReadOnlyList<Claim> Claims, DateTimeOffset Now)> GetClaimsAsync(long runId, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        var list = new List<Claim>();
        using var cmd = Command("SELECT scope, owner, host, pid, expires_ms FROM claims WHERE run_id = $r ORDER BY scope;", ("$r", runId));
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(new Claim(r.GetString(0), runId, r.GetString(1), r.GetString(2), r.GetInt32(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4))));
        return ((IReadOnlyList<Claim>)list, DateTimeOffset.UtcNow);
    }));

    /// <inheritdoc />
    public Task MarkTrialDoneAsync(long runId, string trialId, Worker? worker, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        using var tx = _db.BeginTransaction();
        Exec(tx, "INSERT INTO run_trials(run_id, trial_id, done_at) VALUES($r,$t,$d) ON CONFLICT(run_id, trial_id) DO NOTHING;", ("$r", runId), ("$t", trialId), ("$d", Now()));
        if (worker is not null) Exec(tx, "DELETE FROM claims WHERE scope = $s AND owner = $o;", ("$s", ClaimScopes.Trial(runId, trialId)), ("$o", worker.Id));
        tx.Commit();
        return 0;
    }));

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> GetDoneTrialsAsync(long runId, CancellationToken cancellationToken = default) => Task.FromResult(Locked<IReadOnlySet<string>>(() =>
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        using var cmd = Command("SELECT trial_id FROM run_trials WHERE run_id = $r;", ("$r", runId));
        using var r = cmd.ExecuteReader();
        while (r.Read()) set.Add(r.GetString(0));
        return set;
    }));

    /// <inheritdoc />
    public Task<RunExport> ExportRunAsync(long runId, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        var run = GetRunLocked(runId) ?? throw new InputException($"{Location}: no run {runId.ToString(CultureInfo.InvariantCulture)}");
        var responses = new List<ResponseRow>();
        var messages = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var cmd = Command(
            "SELECT r.id, r.cache_key, r.run_id, r.trial_id, r.role, r.attempt, r.sample, r.provider_model, r.endpoint, r.messages_hash, r.temperature, r.max_tokens, r.text, "
            + "r.finish_reason, r.input_tokens, r.output_tokens, r.latency_ms, r.created_at, m.json FROM responses r JOIN messages m ON m.hash = r.messages_hash WHERE r.run_id = $r ORDER BY r.id;",
            ("$r", runId)))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                responses.Add(new ResponseRow(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), ModelRoles.Parse(r.GetString(4)), r.GetInt32(5), r.GetInt32(6), r.GetString(7),
                    r.GetString(8), r.GetString(9), r.IsDBNull(10) ? null : r.GetDouble(10), r.IsDBNull(11) ? null : r.GetInt32(11), r.GetString(12), r.IsDBNull(13) ? null : r.GetString(13),
                    r.IsDBNull(14) ? null : r.GetInt64(14), r.IsDBNull(15) ? null : r.GetInt64(15), r.GetDouble(16), ParseTime(r.GetString(17))));
                messages[r.GetString(9)] = r.GetString(18);
            }
        }
        var turns = new List<TurnRow>();
        using (var cmd = Command("SELECT trial_id, role, attempt, sample, cache_key, response_id, from_cache, step FROM run_turns WHERE run_id = $r ORDER BY id;", ("$r", runId)))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) turns.Add(new TurnRow(r.GetString(0), ModelRoles.Parse(r.GetString(1)), r.GetInt32(2), r.GetInt32(3), r.GetString(4), r.GetInt64(5), r.GetInt32(6) != 0, r.GetString(7)));
        }
        var failures = new List<FailureRow>();
        using (var cmd = Command("SELECT role, trial_id, attempt, try, kind, message, retry_after_ms, created_at FROM transport_failures WHERE run_id = $r ORDER BY id;", ("$r", runId)))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                failures.Add(new FailureRow(new FailureRecord(runId, ModelRoles.Parse(r.GetString(0)), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetString(4), r.GetString(5),
                    r.IsDBNull(6) ? null : r.GetDouble(6)), ParseTime(r.GetString(7))));
            }
        }
        var done = new List<KeyValuePair<string, DateTimeOffset>>();
        using (var cmd = Command("SELECT trial_id, done_at FROM run_trials WHERE run_id = $r ORDER BY trial_id;", ("$r", runId)))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) done.Add(new(r.GetString(0), ParseTime(r.GetString(1))));
        }
        return new RunExport(run, responses, messages, turns, failures, done);
    }));

    /// <inheritdoc />
    public Task<RunImport> ImportRunAsync(RunExport run, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        ArgumentNullException.ThrowIfNull(run);
        var r = run.Run;
        using var tx = _db.BeginTransaction();
        long id;
        using (var insert = Command(
            "INSERT INTO runs(suite, item_set, item_set_hash, model, endpoint, settings, command_key, started_at, ended_at, status, error) VALUES($s,$i,$h,$m,$e,$st,$k,$t,$end,$status,$err) RETURNING id;",
            ("$s", r.Suite), ("$i", r.ItemSet), ("$h", r.ItemSetHash), ("$m", r.Model), ("$e", r.Endpoint), ("$st", r.Settings), ("$k", r.CommandKey), ("$t", Time(r.StartedAt)),
            ("$end", r.EndedAt is { } end ? Time(end) : null), ("$status", r.Status.Name()), ("$err", r.Error)))
        {
            insert.Transaction = tx;
            id = (long)insert.ExecuteScalar()!;
        }
        foreach (var role in r.Roles) Exec(tx, "INSERT INTO run_roles(run_id, role, model, endpoint) VALUES($r,$role,$m,$e);", ("$r", id), ("$role", role.Role.Name()), ("$m", role.Model), ("$e", role.Endpoint));
        foreach (var (name, value) in r.Metrics) Exec(tx, "INSERT INTO run_metrics(run_id, name, value) VALUES($r,$n,$v);", ("$r", id), ("$n", name), ("$v", value));
        foreach (var (hash, json) in run.Messages) Exec(tx, "INSERT OR IGNORE INTO messages(hash, json) VALUES($h, $j);", ("$h", hash), ("$j", json));
        var ids = new Dictionary<long, long>();
        foreach (var x in run.Responses)
        {
            using var ins = Command(
                "INSERT INTO responses(cache_key, run_id, trial_id, attempt, sample, provider_model, endpoint, messages_hash, temperature, max_tokens, text, finish_reason, input_tokens, output_tokens, latency_ms, created_at, role) "
                + "VALUES($k,$r,$t,$a,$s,$pm,$e,$mh,$temp,$mt,$text,$fr,$in,$out,$lat,$c,$role) RETURNING id;",
                ("$k", x.CacheKey), ("$r", id), ("$t", x.TrialId), ("$a", x.Attempt), ("$s", x.Sample), ("$pm", x.Model), ("$e", x.Endpoint), ("$mh", x.MessagesHash), ("$temp", x.Temperature),
                ("$mt", x.MaxTokens), ("$text", x.Text), ("$fr", x.FinishReason), ("$in", x.InputTokens), ("$out", x.OutputTokens), ("$lat", x.LatencyMs), ("$c", Time(x.CreatedAt)), ("$role", x.Role.Name()));
            ins.Transaction = tx;
            ids[x.Id] = (long)ins.ExecuteScalar()!;
        }
        foreach (var f in run.Failures)
        {
            var x = f.Failure;
            Exec(tx, "INSERT INTO transport_failures(run_id, trial_id, attempt, try, kind, message, retry_after_ms, created_at, role) VALUES($r,$t,$a,$try,$k,$m,$ra,$c,$role);",
                ("$r", id), ("$t", x.TrialId), ("$a", x.Attempt), ("$try", x.Try), ("$k", x.Kind), ("$m", x.Message), ("$ra", x.RetryAfterMs), ("$c", Time(f.CreatedAt)), ("$role", x.Role.Name()));
        }
        foreach (var (trial, at) in run.DoneTrials) Exec(tx, "INSERT INTO run_trials(run_id, trial_id, done_at) VALUES($r,$t,$d);", ("$r", id), ("$t", trial), ("$d", Time(at)));
        tx.Commit();
        return new RunImport(id, ids);
    }));

    /// <inheritdoc />
    public Task ImportTurnsAsync(long runId, IReadOnlyList<TurnRow> turns, CancellationToken cancellationToken = default) => Task.FromResult(Locked(() =>
    {
        using var tx = _db.BeginTransaction();
        foreach (var t in turns)
        {
            Exec(tx, "INSERT INTO run_turns(run_id, trial_id, role, attempt, sample, cache_key, response_id, from_cache, step) VALUES($r,$t,$role,$a,$s,$k,$id,$c,$step);",
                ("$r", runId), ("$t", t.TrialId), ("$role", t.Role.Name()), ("$a", t.Attempt), ("$s", t.Sample), ("$k", t.CacheKey), ("$id", t.ResponseId), ("$c", t.FromCache ? 1 : 0), ("$step", t.Step));
        }
        tx.Commit();
        return 0;
    }));

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _db.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
