using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Attune.Cli.Tests;

/// <summary>
/// attune in a pseudo-terminal of a given width (util-linux <c>script</c>; <c>stty</c> sets the size), as a person at a
/// terminal runs it: output is a terminal, and Ctrl-C typed into it reaches the process as SIGINT through the line discipline.
/// </summary>
public sealed partial class Pty : IDisposable
{
    public const string Script = "/usr/bin/script";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _reader;

    private Pty(Process process)
    {
        _process = process;
        _reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (_output) _output.Append(buffer, 0, n);
            }
        });
    }

    /// <summary>Starts <c>attune ARGS</c> in a terminal <paramref name="columns"/> wide.</summary>
    public static Pty Start(string[] args, int columns, IDictionary<string, string?> env, string? workingDirectory = null)
    {
        static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        var command = $"stty cols {columns} rows 50; exec dotnet {Quote(CliRunner.AttuneDll)} {string.Join(' ', args.Select(Quote))}";
        var psi = new ProcessStartInfo(Script) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory };
        foreach (var a in new[] { "-qefc", command, "/dev/null" }) psi.ArgumentList.Add(a);
        psi.Environment["OPENAI_API_KEY"] = null;
        psi.Environment["OPENAI_BASE_URL"] = null;
        psi.Environment["TERM"] = "xterm-256color";
        psi.Environment["COLUMNS"] = null;
        foreach (var (k, v) in env) psi.Environment[k] = v;
        return new Pty(Process.Start(psi)!);
    }

    /// <summary>Types into the terminal (e.g. "\u0003" for Ctrl-C).</summary>
    public void Type(string keys)
    {
        _process.StandardInput.Write(keys);
        _process.StandardInput.Flush();
    }

    /// <summary>What the terminal showed so far, escape sequences and carriage returns removed.</summary>
    public string Screen
    {
        get
        {
            string raw;
            lock (_output) raw = _output.ToString();
            return Escape().Replace(raw, "").Replace("\r", "", StringComparison.Ordinal);
        }
    }

    /// <summary>Waits for the process; returns its exit code (script -e passes it through).</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException("attune in the terminal did not finish in time; the screen:\n" + Screen);
        }
        await _reader;
        return _process.ExitCode;
    }

    /// <summary>Waits until the screen shows <paramref name="text"/>.</summary>
    public async Task WaitForAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition(Screen))
        {
            if (_process.HasExited || DateTime.UtcNow > until) throw new TimeoutException("the terminal never showed what was expected; the screen:\n" + Screen);
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[=>()][0-9A-Za-z]?)")]
    private static partial Regex Escape();
}
