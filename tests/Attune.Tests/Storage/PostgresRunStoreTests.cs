using Attune.Storage;

namespace Attune.Tests.Storage;

/// <summary>What only the PostgreSQL store does: opening, refusing, migrating, and keeping the password out of every message.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRunStoreTests(PostgresCluster cluster)
{
    private static Func<string, string?> NoEnvironment => _ => null;

    [PostgresFact]
    public void Concurrent_first_openers_migrate_once_and_the_location_has_no_password()
    {
        var db = cluster.CreateDatabase();

        // Ten openers at once, each on a thread of its own: Open blocks until its connection is ready, and ten of them
        // blocking thread-pool threads (while other tests keep the pool busy) could starve the pool that completes the
        // connections, past the connect timeout.
        var stores = new PostgresRunStore[10];
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, stores.Length).Select(i => new Thread(() =>
        {
            try
            {
                stores[i] = PostgresRunStore.Open(cluster.Url(db), environment: NoEnvironment);
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failures.TryDequeue(out var failure)) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        foreach (var s in stores) s.Dispose();
        Assert.Equal(PostgresRunStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), cluster.Scalar(db, "SELECT value FROM attune_meta WHERE key = 'schema';"));
        Assert.Equal(3, PostgresRunStore.SchemaVersion);
        Assert.Equal(SqliteRunStore.SchemaVersion, PostgresRunStore.SchemaVersion);
        Assert.Equal($"postgres://attune@127.0.0.1:{cluster.Port}/{db}", stores[0].Location);
        Assert.DoesNotContain(cluster.Password, stores[0].Location, StringComparison.Ordinal);
    }

    [PostgresFact]
    public void A_database_with_other_tables_is_refused_and_left_unchanged()
    {
        var db = cluster.CreateDatabase();
        cluster.Execute(db, "CREATE TABLE invoices(id integer); INSERT INTO invoices VALUES (1);");
        var ex = Assert.Throws<InputException>(() => PostgresRunStore.Open(cluster.Url(db), environment: NoEnvironment));
        Assert.Contains("not an Attune store", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1L, cluster.Scalar(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public';"));
        Assert.Equal(1L, cluster.Scalar(db, "SELECT count(*) FROM invoices;"));
    }

    [PostgresFact]
    public void A_store_from_a_newer_schema_is_refused_unchanged()
    {
        var db = cluster.CreateDatabase();
        cluster.Execute(db, $"CREATE TABLE attune_meta(key text PRIMARY KEY, value text NOT NULL); INSERT INTO attune_meta VALUES ('schema', '{PostgresRunStore.SchemaVersion + 1}');");
        var ex = Assert.Throws<InputException>(() => PostgresRunStore.Open(cluster.Url(db), environment: NoEnvironment));
        Assert.Contains("newer Attune", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1L, cluster.Scalar(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public';"));
    }

    [PostgresFact]
    public void Read_only_opening_never_creates_a_store()
    {
        var db = cluster.CreateDatabase();
        Assert.Contains("no run store", Assert.Throws<InputException>(() => RunStores.OpenReadOnly(cluster.Url(db))).Message, StringComparison.Ordinal);
        Assert.Equal(0L, cluster.Scalar(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public';"));
        using (RunStores.Open(cluster.Url(db))) { }
        using var reader = RunStores.OpenReadOnly(cluster.Url(db));
        Assert.IsType<PostgresRunStore>(reader);
    }

    [Fact]
    public void An_unreachable_server_is_a_provider_failure_naming_host_and_port_and_never_the_password()
    {
        int port = PostgresCluster.FreePort();
        var ex = Assert.Throws<ProviderException>(() => PostgresRunStore.Open($"postgres://attune:Sup3r-S3cret-pw@127.0.0.1:{port}/attune", environment: NoEnvironment));
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r-S3cret-pw", ex.ToString(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public void A_wrong_password_is_bad_input_that_never_repeats_a_password()
    {
        var db = cluster.CreateDatabase();
        var ex = Assert.Throws<InputException>(() => PostgresRunStore.Open($"postgres://attune:Wr0ng-Guess-pw@127.0.0.1:{cluster.Port}/{db}", environment: NoEnvironment));
        Assert.Contains("authentication failed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Wr0ng-Guess-pw", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Password, ex.ToString(), StringComparison.Ordinal);
        var missing = Assert.Throws<InputException>(() => PostgresRunStore.Open(cluster.Url("no_such_db"), environment: NoEnvironment));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public void The_password_comes_from_pgpassword_or_the_password_file()
    {
        var db = cluster.CreateDatabase();
        using (var viaEnv = PostgresRunStore.Open(cluster.UrlWithoutPassword(db), environment: n => n == "PGPASSWORD" ? cluster.Password : null))
        {
            Assert.Equal($"postgres://attune@127.0.0.1:{cluster.Port}/{db}", viaEnv.Location);
        }
        var passfile = Path.Combine(Directory.CreateTempSubdirectory("attune-pgpass-").FullName, "pgpass");
        File.WriteAllText(passfile, $"# comment\nother:*:*:*:nope\n127.0.0.1:{cluster.Port}:*:attune:{cluster.Password}\n");
        using (PostgresRunStore.Open(cluster.UrlWithoutPassword(db), environment: n => n == "PGPASSFILE" ? passfile : null)) { }
        var connectionString = $"Host=127.0.0.1;Port={cluster.Port};Username=attune;Password={cluster.Password};Database={db}";
        Assert.True(RunStores.IsServer(connectionString));
        using var viaString = RunStores.Open(connectionString);
        Assert.IsType<PostgresRunStore>(viaString);
        Assert.DoesNotContain(cluster.Password, viaString.Location, StringComparison.Ordinal);
    }
}
