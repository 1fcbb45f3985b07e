using System.CommandLine;
using System.Diagnostics;
using Attune.Storage;
using Attune.Web;

namespace Attune.Cli.Commands;

/// <summary><c>attune serve</c>: the dashboard over the run store, until Ctrl-C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var db = RunsCommand.Db();
        var listen = new Option<string>("--listen") { Description = "Address and port to listen on (port 0 picks a free one); anything but loopback needs --token.", DefaultValueFactory = _ => DashboardOptions.DefaultListen };
        var token = new Option<string?>("--token") { Description = "Access token: every page and API call needs it (Authorization: Bearer TOKEN, or ?token=TOKEN once, then a cookie)." };
        var reference = new Option<string?>("--reference") { Description = "Public reference figures to show as labelled leaderboard rows: a JSON or CSV file (default $ATTUNE_HOME/reference.json when it exists)." };
        var open = new Option<bool>("--open") { Description = "Open the dashboard in a browser when one can be started (xdg-open); the address is printed either way." };
        var cmd = new Command("serve", "Serve the dashboard: leaderboard, runs, comparisons, conversations, live progress, the estimator and a JSON API.") { db, listen, token, reference, open };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async cancel =>
        {
            var location = parse.GetValue(db) ?? RunStores.DefaultLocation();
            var path = RunStores.IsServer(location) ? location : Path.GetFullPath(location);
            var referencePath = parse.GetValue(reference);
            if (referencePath is null)
            {
                var fallback = Path.Combine(Path.GetDirectoryName(RunStores.DefaultPath())!, "reference.json");
                if (File.Exists(fallback)) referencePath = fallback;
            }
            var secret = parse.GetValue(token) ?? Environment.GetEnvironmentVariable("ATTUNE_TOKEN");
            var options = new DashboardOptions
            {
                StorePath = path,
                Listen = parse.GetValue(listen)!,
                Token = secret,
                ReferencePath = referencePath,
                Log = line => Terminal.Log("attune serve: " + line),
            };
            await using var host = await Dashboard.StartAsync(options, cancel).ConfigureAwait(false);
            Terminal.Log($"attune serve: dashboard at {host.Url} · store {RunStores.Describe(path)}{(secret is null ? "" : " · token required")}{(referencePath is null ? "" : " · reference " + referencePath)} · Ctrl-C stops it");
            if (parse.GetValue(open) && !TryOpen(secret is null ? host.Url.ToString() : $"{host.Url}?token={Uri.EscapeDataString(secret)}"))
            {
                Terminal.Log($"attune serve: no browser could be started here; open {host.Url} yourself");
            }
            try
            {
                await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: the normal way to stop a server
            }
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            Terminal.Log("attune serve: stopped");
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }

    /// <summary>Starts the desktop's browser through xdg-open (open on macOS) when there is a display; false when none could be started.</summary>
    private static bool TryOpen(string url)
    {
        string? opener = OperatingSystem.IsMacOS() ? "open" : OperatingSystem.IsLinux() ? "xdg-open" : null;
        if (opener is null) return false;
        if (OperatingSystem.IsLinux() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"))) return false;
        try
        {
            var psi = new ProcessStartInfo(opener) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(url);
            using var process = Process.Start(psi);
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
