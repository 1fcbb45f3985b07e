using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Attune.Web.Tests;

/// <summary>The real <c>attune serve</c> as a separate process on a free loopback port (port 0; the address is read from its log line).</summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, Uri url, ConcurrentQueue<string> log)
    {
        _process = process;
        Url = url;
        Log = log;
    }

    /// <summary>The dashboard's address (ends with /).</summary>
    public Uri Url { get; }

    /// <summary>Every line the server wrote to stderr.</summary>
    public ConcurrentQueue<string> Log { get; }

    [GeneratedRegex(@"dashboard at (http://\S+/)")]
    private static partial Regex Address();

    /// <summary>Starts <c>attune serve --listen 127.0.0.1:0</c> with more arguments and waits until it listens.</summary>
    public static async Task<ServeProcess> StartAsync(IEnumerable<string> args, IDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(CliRunner.AttuneDll);
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add("--listen");
        psi.ArgumentList.Add("127.0.0.1:0");
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ATTUNE_HOME"] = Directory.CreateTempSubdirectory("attune-serve-home-").FullName;
        psi.Environment["ATTUNE_TOKEN"] = null;
        psi.Environment["DISPLAY"] = null;
        psi.Environment["WAYLAND_DISPLAY"] = null;
        foreach (var (k, v) in env ?? new Dictionary<string, string?>()) psi.Environment[k] = v;
        var process = Process.Start(psi)!;
        var lines = new ConcurrentQueue<string>();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lines.Enqueue(line);
                if (Address().Match(line) is { Success: true } m) ready.TrySetResult(new Uri(m.Groups[1].Value));
            }
            ready.TrySetException(new InvalidOperationException("attune serve ended before listening: " + string.Join(" | ", lines)));
        });
        var url = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new ServeProcess(process, url, lines);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
