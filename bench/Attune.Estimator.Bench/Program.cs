using System.Diagnostics;
using System.Globalization;
using Attune.Emotions;

namespace Attune.Estimator.Bench;

/// <summary>
/// Single-threaded throughput of the built-in emotion estimator over the GoEmotions dev texts:
/// warm-up, several timed runs, median texts per second.
/// Usage: Attune.Estimator.Bench [--dev PATH] [--runs N] [--model PATH]
///        Attune.Estimator.Bench --pipe [--lines N] [--runs N]: the real <c>attune estimate --jsonl</c> as a pipe on one
///        core (taskset -c 0, DOTNET_PROCESSOR_COUNT=1) over N lines (default 1,000,000) against the in-process rate.
/// Without --dev, dev.tsv is looked up at ../shared/data/goemotions/dev.tsv from the folder holding Attune.slnx.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string? devPath = Option(args, "--dev") ?? FindSharedDev();
        int runs = int.Parse(Option(args, "--runs") ?? "7", CultureInfo.InvariantCulture);
        if (devPath is null || !File.Exists(devPath))
        {
            Console.Error.WriteLine("dev.tsv not found: pass --dev PATH (GoEmotions dev.tsv).");
            return 2;
        }

        string[] texts = File.ReadLines(devPath).Where(l => l.Length > 0).Select(l => l.Split('\t')[0]).ToArray();
        if (args.Contains("--pipe"))
        {
            return PipeBenchmark.Run(texts, int.Parse(Option(args, "--lines") ?? "1000000", CultureInfo.InvariantCulture), int.Parse(Option(args, "--runs") ?? "3", CultureInfo.InvariantCulture));
        }

        var load = Stopwatch.StartNew();
        BuiltInEstimator estimator = Option(args, "--model") is { } modelPath
            ? LoadFile(modelPath)
            : BuiltInEstimator.Load();
        load.Stop();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model: {estimator.Model.Heads.Count} head(s), {estimator.Model.Featurizer.BucketCount:N0} buckets; load {load.Elapsed.TotalMilliseconds:0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"texts: {texts.Length:N0} (mean {texts.Average(t => t.Length):0} chars); runs: {runs}; single thread; {Environment.ProcessorCount} logical cores visible"));

        Measure("Estimate(text) → EmotionScores", texts, runs, t =>
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
        Measure("featurize + predict (no result objects)", texts, runs, t =>
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

        Measure("featurize only", texts, runs, t =>
        {
            int sum = 0;
            foreach (string text in t)
            {
                estimator.Model.Featurizer.Featurize(text.AsSpan(), features);
                sum += features.Count;
            }

            return sum;
        });
        return 0;
    }

    private static void Measure(string name, string[] texts, int runs, Func<string[], int> body)
    {
        for (int w = 0; w < 3; w++)
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
            $"{name,-42} median {median,10:N0} texts/s  ({1e6 / median:0.0} µs/text; min {rates[0]:N0}, max {rates[^1]:N0})"));
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

    private static string? FindSharedDev()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Attune.slnx")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "goemotions", "dev.tsv"));
            }
        }

        return null;
    }
}
