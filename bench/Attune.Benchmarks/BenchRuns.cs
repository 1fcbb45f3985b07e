using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Attune.Benchmarks;

/// <summary>Runs the real <c>attune</c> binary for the benchmarks and reads what the store says about its runs.</summary>
internal static class BenchRuns
{
    /// <summary>
    /// Runs <c>dotnet attune.dll ARGS</c> and returns its exit code, standard output, wall time (process start included)
    /// and peak resident memory (VmHWM, sampled every 20 ms).
    /// </summary>
    /// <param name="attune">The path of <c>attune.dll</c>.</param>
    /// <param name="args">The command's arguments.</param>
    /// <param name="onSample">Called at every sample with the time since start and the resident memory (VmRSS), when given.</param>
    public static async Task<(int Exit, string Stdout, TimeSpan Wall, long PeakBytes)> RunAsync(string attune, string[] args, Action<TimeSpan, long>? onSample = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(attune);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ATTUNE_HOME"] = Path.GetTempPath();
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!p.HasExited)
        {
            var (hwm, rss) = Memory(p.Id);
            peak = Math.Max(peak, hwm);
            if (rss > 0) onSample?.Invoke(sw.Elapsed, rss);
            await Task.Delay(20);
        }
        await p.WaitForExitAsync();
        sw.Stop();
        if (p.ExitCode != 0) Console.Error.WriteLine(await stderr);
        return (p.ExitCode, await stdout, sw.Elapsed, peak);
    }

    /// <summary>A stored run's own duration (start to end, as the store recorded them): the run without process start.</summary>
    public static double RunSeconds(string attune, string db, int runId)
    {
        var psi = new ProcessStartInfo("dotnet", [attune, "runs", "show", runId.ToString(CultureInfo.InvariantCulture), "--db", db, "--json"]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var json = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var root = JsonDocument.Parse(json).RootElement;
        var start = DateTimeOffset.Parse(root.GetProperty("startedAt").GetString()!, CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse(root.GetProperty("endedAt").GetString()!, CultureInfo.InvariantCulture);
        return (end - start).TotalSeconds;
    }

    /// <summary>
    /// Publishes the CLI the way the README's install section does (ReadyToRun for this machine's runtime identifier,
    /// framework-dependent) into the benchmark's output folder, and returns the published <c>attune.dll</c>.
    /// </summary>
    public static string PublishReadyToRun(string repo)
    {
        var output = Path.Combine(AppContext.BaseDirectory, "attune-readytorun");
        var psi = new ProcessStartInfo("dotnet", ["publish", Path.Combine(repo, "src", "Attune.Cli"), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier,
            "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var log = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("dotnet publish failed:\n" + log);
        return Path.Combine(output, "attune.dll");
    }

    /// <summary>The median of some figures.</summary>
    public static double Median(IEnumerable<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }

    // VmHWM and VmRSS of a process, in bytes (0 once it has exited)
    private static (long Hwm, long Rss) Memory(int pid)
    {
        long hwm = 0, rss = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kilobytes(line) * 1024;
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line) * 1024;
            }
        }
        catch (IOException)
        {
            // the process has just exited
        }
        return (hwm, rss);
    }

    private static long Kilobytes(string line) => long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
