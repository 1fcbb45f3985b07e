using System.Diagnostics;
using System.Globalization;
using Attune.Emotions;
using Attune.Text;

namespace Attune.Estimator.Bench;

/// <summary>
/// Throughput of the emotion estimators over the GoEmotions dev texts: warm-up, several timed runs, medians.
/// <list type="bullet">
/// <item>in process: the built-in (fast) estimator on one thread, and the accurate tier's encoder and estimator on every core;</item>
/// <item>the whole command <c>attune estimate --file dev.txt --jsonl --estimator fast|accurate</c> (process start included),
/// texts per second and peak memory (VmHWM) side by side, as ratios against the targets.</item>
/// </list>
/// Usage: Attune.Estimator.Bench [--dev PATH] [--runs N] [--model PATH] [--cli-runs N] [--skip-inproc]
///        Attune.Estimator.Bench --pipe [--lines N] [--runs N (default 7)]: the real <c>attune estimate --jsonl</c> as a pipe on one
///        core (taskset -c 0, DOTNET_PROCESSOR_COUNT=1) over N lines (default 1,000,000) against the in-process rate.
/// Without --dev, dev.tsv is looked up at ../shared/data/goemotions/dev.tsv from the folder holding Attune.slnx.
/// The attune binary is the CLI's Release build (run <c>dotnet build -c Release src/Attune.Cli</c> first).
/// </summary>
internal static class Program
{
    private const double AccurateTextsPerSecondTarget = 300;
    private const double AccurateMemoryTargetMb = 600;

    private static int Main(string[] args)
    {
        string? devPath = Option(args, "--dev") ?? FindShared("data", "goemotions", "dev.tsv");
        int runs = int.Parse(Option(args, "--runs") ?? "7", CultureInfo.InvariantCulture);
        int cliRuns = int.Parse(Option(args, "--cli-runs") ?? "5", CultureInfo.InvariantCulture);
        if (devPath is null || !File.Exists(devPath))
        {
            Console.Error.WriteLine("dev.tsv not found: pass --dev PATH (GoEmotions dev.tsv).");
            return 2;
        }

        string[] texts = File.ReadLines(devPath).Where(l => l.Length > 0).Select(l => l.Split('\t')[0]).ToArray();
        if (args.Contains("--pipe"))
        {
            return PipeBenchmark.Run(texts, int.Parse(Option(args, "--lines") ?? "1000000", CultureInfo.InvariantCulture), runs);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"texts: {texts.Length:N0} (mean {texts.Average(t => t.Length):0} chars); {Environment.ProcessorCount} logical cores visible"));
        if (!args.Contains("--skip-inproc"))
        {
            InProcess(args, texts, runs);
        }

        WholeCommand(texts, cliRuns);
        return 0;
    }

    private static void InProcess(string[] args, string[] texts, int runs)
    {
        var load = Stopwatch.StartNew();
        BuiltInEstimator estimator = Option(args, "--model") is { } modelPath
            ? LoadFile(modelPath)
            : BuiltInEstimator.Load();
        load.Stop();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fast tier: {estimator.Model.Heads.Count} head(s), {estimator.Model.Featurizer.BucketCount:N0} buckets; load {load.Elapsed.TotalMilliseconds:0} ms; single thread"));
        Measure("fast: Estimate(text) → EmotionScores", texts, runs, 3, t =>
        {
            int labels = 0;
            foreach (string text in t)
            {
                labels += estimator.Estimate(text).Labels.Count;
            }

            return labels;
        });

        var features = new SparseFeatures();
        var probabilities = new float[estimator.Model.Labels.Count];
        Measure("fast: featurize + predict", texts, runs, 3, t =>
        {
            int sum = 0;
            foreach (string text in t)
            {
                estimator.Model.Featurizer.Featurize(text.AsSpan(), features);
                estimator.Model.Predict(features, probabilities);
                sum += probabilities[0] > 0.5f ? 1 : 0;
            }

            return sum;
        });

        load.Restart();
        TextEncoder encoder = TextEncoder.Shared;
        load.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accurate tier: encoder {TextEncoder.ModelName} (8-bit weights); load {load.Elapsed.TotalMilliseconds:0} ms; {TextEncoder.BatchSize} text per run, runs on {Environment.ProcessorCount} cores"));
        int accurateRuns = Math.Max(3, runs / 2);
        Measure("accurate: tokenize only", texts, accurateRuns, 1, t => t.Sum(encoder.CountTokens));
        Measure("accurate: encoder only (embeddings)", texts, accurateRuns, 1, t => encoder.Encode(t).Length);
        AccurateEstimator accurate = AccurateEstimator.Load();
        Measure("accurate: Estimate(texts) → EmotionScores", texts, accurateRuns, 1, t => accurate.Estimate(t).Sum(s => s.Labels.Count));
    }

    private static void WholeCommand(string[] texts, int runs)
    {
        string? dll = FindRepoFile("src", "Attune.Cli", "bin", "Release", "net10.0", "attune.dll");
        if (dll is null || !File.Exists(dll))
        {
            Console.WriteLine("whole command: skipped (build src/Attune.Cli in Release first)");
            return;
        }

        string file = Path.Combine(Path.GetTempPath(), $"attune-bench-dev-{Environment.ProcessId}.txt");
        File.WriteAllLines(file, texts);
        try
        {
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"whole command: attune estimate --file dev.txt --jsonl --estimator TIER ({texts.Length:N0} texts, process start included; 1 warm-up + {runs} runs, median)"));
            var rows = new List<(string Tier, double Seconds, double PeakMb, double CpuSeconds)>();
            foreach (string tier in new[] { "fast", "accurate" })
            {
                RunCommand(dll, file, tier);
                var seconds = new List<double>();
                var peaks = new List<double>();
                var cpu = new List<double>();
                for (int r = 0; r < runs; r++)
                {
                    double before = ChildrenCpuSeconds();
                    (double s, double mb) = RunCommand(dll, file, tier);
                    cpu.Add(ChildrenCpuSeconds() - before);
                    seconds.Add(s);
                    peaks.Add(mb);
                }

                seconds.Sort();
                peaks.Sort();
                cpu.Sort();
                rows.Add((tier, seconds[seconds.Count / 2], peaks[peaks.Count / 2], cpu[cpu.Count / 2]));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {tier,-9} runs: {string.Join(", ", seconds.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)))} s"));
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average while measuring: {File.ReadAllText("/proc/loadavg").Trim()} (other work shares the cores: CPU time below shows what the command itself costs)"));
            Console.WriteLine("| tier | wall (median) | texts/s | CPU time (user + sys) | texts per CPU-second × cores (upper bound on an idle machine) | peak memory (VmHWM) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var (tier, seconds, peak, cpuSeconds) in rows)
            {
                double rate = texts.Length / seconds;
                string rateRatio = tier == "accurate" ? $" = **{rate / AccurateTextsPerSecondTarget:0.00}×** the {AccurateTextsPerSecondTarget:0} target" : "";
                string memoryRatio = tier == "accurate" ? $" = **{peak / AccurateMemoryTargetMb:0.00}×** the {AccurateMemoryTargetMb:0} MB limit" : "";
                double ideal = texts.Length * Environment.ProcessorCount / cpuSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {tier} | {seconds:0.00} s | {rate:N0}{rateRatio} | {cpuSeconds:0.00} s | {ideal:N0} | {peak:0} MB{memoryRatio} |"));
            }

            double ratio = rows[1].Seconds / rows[0].Seconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accurate / fast wall time: {ratio:0.0}×"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs the command once; returns the wall time and the last VmHWM read before it exited (polled every 10 ms).</summary>
    private static (double Seconds, double PeakMb) RunCommand(string dll, string file, string tier)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { dll, "estimate", "--file", file, "--jsonl", "--estimator", tier })
        {
            psi.ArgumentList.Add(a);
        }

        var watch = Stopwatch.StartNew();
        using Process process = Process.Start(psi)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        double peakKb = 0;
        string status = $"/proc/{process.Id}/status";
        while (!process.HasExited)
        {
            try
            {
                foreach (string line in File.ReadLines(status))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        peakKb = Math.Max(peakKb, double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
                    }
                }
            }
            catch (IOException)
            {
                // The process exited between the check and the read.
            }

            Thread.Sleep(10);
        }

        process.WaitForExit();
        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"attune estimate --estimator {tier} failed ({process.ExitCode}): {stderr.Result}");
        }

        _ = stdout.Result;
        return (watch.Elapsed.TotalSeconds, peakKb / 1024);
    }

    /// <summary>User + system CPU seconds of every child process waited for so far (getrusage(RUSAGE_CHILDREN)).</summary>
    private static double ChildrenCpuSeconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return double.NaN;
        }

        var usage = new long[18];
        return GetRusage(-1, usage) == 0 ? usage[0] + (usage[1] / 1e6) + usage[2] + (usage[3] / 1e6) : double.NaN;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, long[] usage);

    private static void Measure(string name, string[] texts, int runs, int warmups, Func<string[], int> body)
    {
        for (int w = 0; w < warmups; w++)
        {
            body(texts);
        }

        var rates = new List<double>();
        for (int r = 0; r < runs; r++)
        {
            var stopwatch = Stopwatch.StartNew();
            body(texts);
            stopwatch.Stop();
            rates.Add(texts.Length / stopwatch.Elapsed.TotalSeconds);
        }

        rates.Sort();
        double median = rates[rates.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-44} median {median,10:N0} texts/s  ({1e6 / median:0.0} µs/text; min {rates[0]:N0}, max {rates[^1]:N0})"));
    }

    private static BuiltInEstimator LoadFile(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return BuiltInEstimator.Load(stream);
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string? FindRepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Attune.slnx")))
            {
                return Path.GetFullPath(Path.Combine([dir.FullName, .. parts]));
            }
        }

        return null;
    }

    private static string? FindShared(params string[] parts) => FindRepoFile(["..", "shared", .. parts]);
}
