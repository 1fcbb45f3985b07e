using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Attune.Web;

/// <summary>
/// The dashboard over a run store: leaderboard, runs, comparisons, conversations, live progress, the estimator and a
/// JSON API. It reads the store only through the library, read-only, opening it for every request (another process may
/// be writing to it).
/// </summary>
public static class Dashboard
{
    /// <summary>Parses <c>host:port</c> (<c>localhost</c>, an IPv4 address, or <c>[IPv6]</c>; the port may be 0).</summary>
    /// <exception cref="InputException">Not an address and port.</exception>
    public static IPEndPoint ParseListen(string listen)
    {
        var text = listen.Trim();
        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase)) text = "127.0.0.1" + text["localhost".Length..];
        if (!IPEndPoint.TryParse(text, out var endpoint) || !HasPort(text))
        {
            throw new InputException($"--listen: \"{listen}\" is not host:port (e.g. 127.0.0.1:5317, [::1]:5317 or 0.0.0.0:5317)");
        }
        return endpoint;
    }

    private static bool HasPort(string text)
    {
        int colon = text.LastIndexOf(':');
        return colon > 0 && colon > text.LastIndexOf(']') && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>Checks the options: the listen address parses, and an address other than loopback has a token.</summary>
    /// <exception cref="InputException">Bad options.</exception>
    public static IPEndPoint Validate(DashboardOptions options)
    {
        var endpoint = ParseListen(options.Listen);
        if (options.Token is { } token && string.IsNullOrWhiteSpace(token)) throw new InputException("--token: must not be empty");
        if (!IPAddress.IsLoopback(endpoint.Address) && options.Token is null)
        {
            throw new InputException($"--listen: {options.Listen} is not a loopback address; anyone who can reach it could read your runs, so give --token TOKEN too");
        }
        return endpoint;
    }

    /// <summary>Starts the dashboard and returns once it listens.</summary>
    /// <exception cref="InputException">Bad options, an unreadable reference file, or the address is taken.</exception>
    public static async Task<DashboardHost> StartAsync(DashboardOptions options, CancellationToken cancellationToken = default)
    {
        var endpoint = Validate(options);
        var state = DashboardState.Create(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Attune.Web", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.Services.AddSingleton(state);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(endpoint);
        });
        var app = builder.Build();
        Routes.Map(app, state);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InputException($"--listen: cannot listen on {options.Listen}: {ex.Message}");
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal).TrimEnd('/') + "/");
        state.Warm(app.Lifetime.ApplicationStopping);
        return new DashboardHost(app, url);
    }

    /// <summary>Leaves signals to the caller (the CLI stops the dashboard on Ctrl-C itself).</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
