using System.Diagnostics;

namespace Attune.Cli.Tests;

/// <summary>Runs the built <c>attune</c> tool (attune.dll in the test output) as a separate process.</summary>
public static class CliRunner
{
    /// <summary>
    /// The CLI's own build output (bin/&lt;configuration&gt;/net10.0/attune.dll): run from there, with its own deps and
    /// runtime config, exactly as <c>dotnet run --project src/Attune.Cli</c> would.
    /// </summary>
    public static string AttuneDll
    {
        get
        {
            var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = baseDir.Parent!.Name;
            return Path.Combine(SharedData.RepoRoot, "src", "Attune.Cli", "bin", configuration, baseDir.Name, "attune.dll");
        }
    }

    /// <summary>Starts attune without waiting (for kill tests); stdout and stderr are drained in the background.</summary>
    public static Process Start(string[] args, IDictionary<string, string?> env)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(AttuneDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OPENAI_API_KEY"] = null;
        psi.Environment["OPENAI_BASE_URL"] = null;
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var process = Process.Start(psi)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    /// <summary>Runs attune with arguments and extra environment variables; kills it after <paramref name="timeout"/>.</summary>
    /// <remarks>Standard input is <paramref name="stdin"/> (then closed), or empty: never the test host's own.</remarks>
    public static async Task<CliResult> RunAsync(string[] args, IDictionary<string, string?>? env = null, TimeSpan? timeout = null, string? workingDirectory = null, string? stdin = null)
    {
        var dll = AttuneDll;
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OPENAI_API_KEY"] = null;
        psi.Environment["OPENAI_BASE_URL"] = null;
        psi.Environment["ANTHROPIC_API_KEY"] = null;
        psi.Environment["ATTUNE_HOME"] = Path.Combine(Path.GetTempPath(), "attune-cli-tests-" + Guid.NewGuid().ToString("N"));
        if (env is not null)
        {
            foreach (var (k, v) in env) psi.Environment[k] = v;
        }
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the process exited before reading its input
        }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"attune {string.Join(' ', args)} did not finish in time");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr, sw.Elapsed);
    }
}
