namespace Attune.Storage;

/// <summary>Where run stores live by default, and opening one from a location.</summary>
public static class RunStores
{
    /// <summary>The default store file: <c>$ATTUNE_HOME/attune.db</c>, with <c>ATTUNE_HOME</c> defaulting to <c>~/.attune</c>.</summary>
    public static string DefaultPath(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var home = environment("ATTUNE_HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".attune");
        }
        return Path.Combine(home, "attune.db");
    }

    /// <summary>The default store location: <c>ATTUNE_DB</c> (a SQLite path, a <c>postgres://</c> URL or an Npgsql connection string) when set, else <see cref="DefaultPath"/>.</summary>
    public static string DefaultLocation(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return environment("ATTUNE_DB") is { Length: > 0 } db ? db : DefaultPath(environment);
    }

    /// <summary>True when a location names a PostgreSQL server rather than a SQLite file.</summary>
    public static bool IsServer(string location) => PostgresLocation.Matches(location);

    /// <summary>A location as it may be printed (a server URL without its password; a file path as it is).</summary>
    public static string Describe(string location)
    {
        if (!IsServer(location)) return location;
        try
        {
            return PostgresLocation.Parse(location, _ => null).Display;
        }
        catch (InputException)
        {
            return "a PostgreSQL location";
        }
    }

    /// <summary>
    /// Opens the store at a location, creating it when it does not exist: a SQLite file path, or a PostgreSQL server
    /// (<c>postgres://user@host:5432/db</c> or an Npgsql connection string).
    /// </summary>
    public static IRunStore Open(string location) => IsServer(location) ? PostgresRunStore.Open(location) : SqliteRunStore.Open(location);

    /// <summary>Opens an existing store without writing to it (for readers such as the dashboard).</summary>
    public static IRunStore OpenReadOnly(string location) => IsServer(location) ? PostgresRunStore.Open(location, readOnly: true) : SqliteRunStore.Open(location, readOnly: true);
}
