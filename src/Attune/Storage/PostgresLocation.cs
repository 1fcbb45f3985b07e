using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Attune.Storage;

/// <summary>
/// A PostgreSQL store's location: a <c>postgres://user[:password]@host[:port]/database[?sslmode=…]</c> URL or an Npgsql
/// connection string (<c>Host=…;Username=…;Database=…</c>). The password comes from the location, else
/// <c>PGPASSWORD</c>, else the password file (<c>PGPASSFILE</c> or <c>~/.pgpass</c>); it never appears in
/// <see cref="Display"/>, a log or an error message.
/// </summary>
public sealed partial class PostgresLocation
{
    private static readonly string[] UrlParameters = ["sslmode", "connect_timeout", "application_name", "search_path"];

    private PostgresLocation(string host, int port, string database, string username, string? password, NpgsqlConnectionStringBuilder builder)
    {
        Host = host;
        Port = port;
        Database = database;
        Username = username;
        Password = password;
        Builder = builder;
    }

    /// <summary>The server's host.</summary>
    public string Host { get; }

    /// <summary>The server's port.</summary>
    public int Port { get; }

    /// <summary>The database.</summary>
    public string Database { get; }

    /// <summary>The user.</summary>
    public string Username { get; }

    internal string? Password { get; }

    internal NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>The location as printed: <c>postgres://user@host:port/database</c> (never a password).</summary>
    public string Display => $"postgres://{Username}@{(Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}/{Database}";

    /// <summary>The server as error messages name it: <c>host:port</c>.</summary>
    public string Server => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    [GeneratedRegex(@"^\s*(host|server)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringStart();

    [GeneratedRegex(@";\s*(host|server)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringHost();

    /// <summary>True when a store location names a PostgreSQL server (a <c>postgres://</c> or <c>postgresql://</c> URL, or a connection string with a host).</summary>
    public static bool Matches(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || ConnectionStringStart().IsMatch(location) || ConnectionStringHost().IsMatch(location);
    }

    /// <summary>Reads a location; a malformed one is an <see cref="InputException"/> that never repeats a password.</summary>
    /// <param name="location">The URL or connection string.</param>
    /// <param name="environment">Environment variables (PGPASSWORD, PGPASSFILE, PGUSER, HOME); the process's by default.</param>
    public static PostgresLocation Parse(string location, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var builder = location.Contains("://", StringComparison.Ordinal) ? FromUrl(location, environment) : FromConnectionString(location);
        if (string.IsNullOrEmpty(builder.Host)) throw new InputException("the PostgreSQL store location names no host");
        if (builder.Host.Contains(',', StringComparison.Ordinal)) throw new InputException("the PostgreSQL store location names several hosts; give one");
        builder.Username ??= environment("PGUSER") is { Length: > 0 } u ? u : Environment.UserName;
        builder.Database ??= environment("PGDATABASE") is { Length: > 0 } d ? d : builder.Username;
        if (string.IsNullOrEmpty(builder.Password))
        {
            builder.Password = environment("PGPASSWORD") is { Length: > 0 } p ? p : PasswordFile.Lookup(builder.Host, builder.Port, builder.Database, builder.Username, environment);
        }
        builder.ApplicationName ??= "attune";
        builder.IncludeErrorDetail = false;
        builder.Passfile = null;
        if (!builder.ContainsKey("Timeout") || builder.Timeout == 15) builder.Timeout = 10;
        builder.CommandTimeout = 120;
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, 20);
        return new PostgresLocation(builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder);
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string location, Func<string, string?> environment)
    {
        const string what = "the PostgreSQL store URL";
        if (!Uri.TryCreate(location.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "postgres" && uri.Scheme != "postgresql") || string.IsNullOrEmpty(uri.Host))
        {
            throw new InputException($"{what}: expected postgres://user@host:5432/database");
        }
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']'), Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (user.Length > 0) builder.Username = user;
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var path = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (path.Contains('/', StringComparison.Ordinal)) throw new InputException($"{what}: the path must be one database name");
        if (path.Length > 0) builder.Database = path;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key)
            {
                case "sslmode":
                    builder.SslMode = value.ToLowerInvariant() switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new InputException($"{what}: sslmode \"{value}\" is not one of disable, allow, prefer, require, verify-ca, verify-full"),
                    };
                    break;
                case "connect_timeout":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 600) throw new InputException($"{what}: connect_timeout must be 1–600 seconds");
                    builder.Timeout = seconds;
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "search_path":
                    builder.SearchPath = value;
                    break;
                default:
                    throw new InputException($"{what}: unknown parameter \"{key}\" (known: {string.Join(", ", UrlParameters)})");
            }
        }
        _ = environment;
        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string location)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(location);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            // the exception's text may quote the string (and so a password): say only what kind of mistake it is
            throw new InputException("the PostgreSQL connection string is malformed (an unknown keyword or a bad value); see the Npgsql connection string reference");
        }
    }

    /// <summary>Removes this location's password from a text (belt and braces: messages are built without it).</summary>
    internal string Redact(string text)
    {
        if (Password is { Length: > 0 } p) text = text.Replace(p, "[redacted]", StringComparison.Ordinal);
        return Attune.Chat.SecretRedactor.Redact(text);
    }
}
