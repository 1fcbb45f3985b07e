namespace Attune.Storage;

/// <summary>Where run stores live by default, and opening one from a location.</summary>
public static class RunStores
{
    /// <summary>The default store: <c>$ATTUNE_HOME/attune.db</c>, with <c>ATTUNE_HOME</c> defaulting to <c>~/.attune</c>.</summary>
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

    /// <summary>Opens the store at a location (a SQLite file path), creating it when it does not exist.</summary>
    public static IRunStore Open(string location) => SqliteRunStore.Open(location);

    /// <summary>Opens an existing store without writing to it (for readers such as the dashboard).</summary>
    public static IRunStore OpenReadOnly(string location) => SqliteRunStore.Open(location, readOnly: true);
}
