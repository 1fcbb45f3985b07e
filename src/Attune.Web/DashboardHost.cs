using Microsoft.AspNetCore.Builder;

namespace Attune.Web;

/// <summary>A running dashboard: its address, and stopping it.</summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal DashboardHost(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The address the dashboard answers on (with the port actually bound).</summary>
    public Uri Url { get; }

    /// <summary>Stops the dashboard (open event streams end).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
