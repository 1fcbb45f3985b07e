namespace Attune.Web;

/// <summary>How <c>attune serve</c> runs the dashboard: which store, where to listen, and who may read it.</summary>
public sealed class DashboardOptions
{
    /// <summary>The default listen address: loopback, port 5317.</summary>
    public const string DefaultListen = "127.0.0.1:5317";

    /// <summary>The run store (a SQLite file), opened read-only for every request.</summary>
    public required string StorePath { get; init; }

    /// <summary>Where to listen: <c>host:port</c> (port 0 picks a free one). Any address other than loopback needs <see cref="Token"/>.</summary>
    public string Listen { get; init; } = DefaultListen;

    /// <summary>The access token: when set, every page and API call needs it (bearer header, or <c>?token=</c> once, then a cookie).</summary>
    public string? Token { get; init; }

    /// <summary>A file of public reference figures (JSON or CSV) shown as labelled leaderboard rows, or null for none.</summary>
    public string? ReferencePath { get; init; }

    /// <summary>The price table file for costs (default: <c>$ATTUNE_HOME/prices.json</c> when it exists).</summary>
    public string? PricesPath { get; init; }

    /// <summary>How often the live page's event stream sends a new snapshot.</summary>
    public TimeSpan LiveInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Where the dashboard writes its log lines (one line each; never a token or a stack trace), or null for none.</summary>
    public Action<string>? Log { get; init; }
}
