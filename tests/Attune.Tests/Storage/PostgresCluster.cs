using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Attune.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, started with pg_ctl on a free loopback port
/// (as the <c>postgres</c> user when the tests run as root, as the current user otherwise), password authentication for
/// a superuser <c>attune</c>, stopped and removed when disposed. Tests that need it skip, with
/// <see cref="SkipReason"/>, when Debian's PostgreSQL binaries are absent.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private static readonly Lazy<(string? Bin, string? Reason)> Binaries = new(FindBinaries);
    private readonly string? _dir;
    private readonly bool _asPostgres;
    private int _databases;

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can.</summary>
    public static string? SkipReason => Binaries.Value.Reason;

    /// <summary>The superuser's name.</summary>
    public const string User = "attune";

    /// <summary>The superuser's password (random per cluster).</summary>
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Starts the cluster (or does nothing when <see cref="SkipReason"/> is set).</summary>
    public PostgresCluster()
    {
        if (Binaries.Value.Bin is not { } bin) return;
        _asPostgres = Environment.UserName == "root";
        _dir = Directory.CreateTempSubdirectory("attune-pg-").FullName;
        var data = Path.Combine(_dir, "data");
        var pwfile = Path.Combine(_dir, "pw");
        File.WriteAllText(pwfile, Password + "\n");
        if (_asPostgres) Run("chown", ["-R", "postgres:postgres", _dir], asPostgres: false);
        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", User, "--pwfile=" + pwfile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"]);
        Port = FreePort();
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories={_dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300");
        Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-o", options, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60", "start"]);
    }

    /// <summary>A URL with the password, for <c>--db</c> or <see cref="Attune.Storage.RunStores.Open"/>.</summary>
    public string Url(string database) => $"postgres://{User}:{Password}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{database}";

    /// <summary>A URL without the password (give it through PGPASSWORD or a password file).</summary>
    public string UrlWithoutPassword(string database) => $"postgres://{User}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{database}";

    /// <summary>Creates an empty database and returns its name.</summary>
    public string CreateDatabase()
    {
        var name = "t" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
        Execute("postgres", $"CREATE DATABASE {name};");
        return name;
    }

    /// <summary>Runs SQL in a database as the superuser.</summary>
    public void Execute(string database, string sql)
    {
        using var conn = new NpgsqlConnection($"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={User};Password={Password};Database={database};Pooling=false");
        conn.Open();
        using var cmd = new NpgsqlCommand(sql, conn);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Reads one value.</summary>
    public object? Scalar(string database, string sql)
    {
        using var conn = new NpgsqlConnection($"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={User};Password={Password};Database={database};Pooling=false");
        conn.Open();
        using var cmd = new NpgsqlCommand(sql, conn);
        return cmd.ExecuteScalar();
    }

    /// <summary>A loopback port nothing listens on (for unreachable-server tests).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Run(string file, string[] args, bool? asPostgres = null)
    {
        var psi = new ProcessStartInfo(asPostgres ?? _asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres ?? _asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) psi.ArgumentList.Add(a);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish in 120 s");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({p.ExitCode}): {stderr.Result}{stdout.Result}");
    }

    private static (string?, string?) FindBinaries()
    {
        if (!OperatingSystem.IsLinux()) return (null, "PostgreSQL tests run on Linux with Debian's postgresql package");
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0).ToList()
            : [];
        if (candidates.Count == 0) return (null, "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin; install Debian's postgresql package (.ci/run does)");
        if (Environment.UserName == "root")
        {
            if (!File.ReadAllLines("/etc/passwd").Any(l => l.StartsWith("postgres:", StringComparison.Ordinal))) return (null, "running as root and there is no postgres user to run the server as");
            if (!File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser")) return (null, "running as root and runuser (util-linux) is missing");
        }
        return (candidates[0], null);
    }

    /// <summary>Stops the server and removes its folder.</summary>
    public void Dispose()
    {
        if (_dir is null) return;
        try
        {
            var bin = Binaries.Value.Bin!;
            Run(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
