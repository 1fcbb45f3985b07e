using Attune.Benchmarks;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Attune.Suites.Eq;
using Attune.Tests;

// Attune run-engine benchmarks: wall time against the concurrency limit, rerun from cache, peak memory; and the judged
// conversation suites (eq3, safety) against their ideal wall time.
// Usage: dotnet run -c Release --project bench/Attune.Benchmarks -- [run-engine|eq3|safety|audit] [--questions FILE] [--repeats N]
var argsList = args.ToList();
var mode = argsList.Count > 0 && !argsList[0].StartsWith("--", StringComparison.Ordinal) ? argsList[0] : "run-engine";
if (mode is "eq3" or "safety" or "audit")
{
    var repoRoot = FindRepo();
    var configurationName = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
    var attuneDll = Arg("--attune", Path.Combine(repoRoot, "src", "Attune.Cli", "bin", configurationName, "net10.0", "attune.dll"));
    return mode switch
    {
        "eq3" => await ConversationBench.Eq3Async(attuneDll, repoRoot),
        "audit" => await ConversationBench.AuditAsync(attuneDll),
        _ => await ConversationBench.SafetyAsync(attuneDll, repoRoot),
    };
}
string Arg(string name, string fallback)
{
    int i = argsList.IndexOf(name);
    return i >= 0 && i + 1 < argsList.Count ? argsList[i + 1] : fallback;
}

var repo = FindRepo();
var questionsPath = Arg("--questions", Path.Combine(repo, "..", "shared", "data", "eqbench", "eq_bench_v2_questions_171.json"));
int repeats = int.Parse(Arg("--repeats", "3"), CultureInfo.InvariantCulture);
if (!File.Exists(questionsPath))
{
    Console.Error.WriteLine($"question file not found: {questionsPath} (give --questions)");
    return 2;
}
var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
var attune = Arg("--attune", Path.Combine(repo, "src", "Attune.Cli", "bin", configuration, "net10.0", "attune.dll"));
Console.WriteLine($"attune: {attune}");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");

var set = EqQuestionSet.Load(questionsPath);
var suite = new EqSuite(set);
var answers = set.Questions.ToDictionary(q => suite.Prompt(q), q => string.Join("\n", q.Fullscale!.Emotions.Select((e, i) => $"{e}: {q.Fullscale.Scores[i].ToString(CultureInfo.InvariantCulture)}")));

bool memoryOnly = argsList.Contains("--memory-only");

// 1. Wall time against the limit: N = 171, parallel 32, latency 500 ms.
const int parallel = 32;
var latency = TimeSpan.FromMilliseconds(500);
if (!memoryOnly)
await using (var server = await TestEndpoint.StartAsync(req => new TestReply(answers[req.Prompt], Delay: latency)))
{
    // the build output (what `dotnet run --project src/Attune.Cli` runs: every method jitted at first use) and the
    // install the README gives (ReadyToRun)
    foreach (var (form, binary) in new[] { ("build output (JIT)", attune), ("ReadyToRun install", BenchRuns.PublishReadyToRun(repo)) })
    {
        double limit = Math.Ceiling(set.Questions.Count / (double)parallel) * latency.TotalSeconds;
        var walls = new List<double>();
        var inProcess = new List<double>();
        var reruns = new List<double>();
        for (int r = 0; r < repeats + 1; r++)
        {
            var db = Path.Combine(Directory.CreateTempSubdirectory("attune-bench-").FullName, "bench.db");
            int before = server.Calls;
            var (exit, stdout, wall, _) = await BenchRuns.RunAsync(binary, ["run", "--model", "openai:bench", "--base-url", server.BaseUrl, "--questions", questionsPath, "--parallel", parallel.ToString(CultureInfo.InvariantCulture), "--db", db, "--json"]);
            if (exit != 0) throw new InvalidOperationException("run failed: " + stdout);
            double score = JsonDocument.Parse(stdout).RootElement.GetProperty("score").GetDouble();
            if (score != 100.0 || server.Calls - before != set.Questions.Count) throw new InvalidOperationException($"wrong result: score {score}, calls {server.Calls - before}");
            double runSeconds = BenchRuns.RunSeconds(binary, db, 1);
            int callsBefore = server.Calls;
            var (rexit, rstdout, rwall, _) = await BenchRuns.RunAsync(binary, ["run", "--model", "openai:bench", "--base-url", server.BaseUrl, "--questions", questionsPath, "--db", db, "--json"]);
            if (rexit != 0 || server.Calls != callsBefore) throw new InvalidOperationException("rerun asked the model");
            if (JsonDocument.Parse(rstdout).RootElement.GetProperty("score").GetDouble() != score) throw new InvalidOperationException("rerun score differs");
            double rerunSeconds = BenchRuns.RunSeconds(binary, db, 2);
            if (r == 0) continue; // warm-up
            walls.Add(wall.TotalSeconds);
            inProcess.Add(runSeconds);
            reruns.Add(rerunSeconds);
            Console.WriteLine($"  {form}, run {r}: wall {wall.TotalSeconds:0.000} s (process start included), run {runSeconds:0.000} s; rerun from cache {rerunSeconds * 1000:0} ms (wall {rwall.TotalSeconds:0.000} s)");
        }
        Console.WriteLine($"{form}: N = {set.Questions.Count}, parallel {parallel}, latency {latency.TotalMilliseconds} ms: limit ceil(N/parallel) x latency = {limit:0.000} s");
        Console.WriteLine($"  wall time, process start included (median of {repeats}): {BenchRuns.Median(walls):0.000} s = {BenchRuns.Median(walls) / limit:0.00}x the limit (judged: <= 1.5x)");
        Console.WriteLine($"  run time, process start excluded (median): {BenchRuns.Median(inProcess):0.000} s = {BenchRuns.Median(inProcess) / limit:0.00}x the limit (target: <= 1.1x)");
        Console.WriteLine($"  rerun of the whole suite from the cache, process start excluded (median): {BenchRuns.Median(reruns) * 1000:0} ms (target: < 1000 ms)");
    }
}

// 2. Peak memory for 10,000 trials (zero latency, parallel 32).
{
    const int trials = 10_000;
    var dir = Directory.CreateTempSubdirectory("attune-bench-mem-").FullName;
    var big = Path.Combine(dir, "questions-10000.json");
    var source = set.Questions;
    var many = Enumerable.Range(0, trials).Select(i =>
    {
        var q = source[i % source.Count];
        return q with { Id = (i + 1).ToString(CultureInfo.InvariantCulture), Prompt = q.Prompt.Replace("[End dialogue]", $"[End dialogue]\n(variant {i / source.Count})", StringComparison.Ordinal) };
    }).ToList();
    await File.WriteAllTextAsync(big, EqQuestionSet.ToJson(many));
    var bigSet = EqQuestionSet.Load(big);
    var bigSuite = new EqSuite(bigSet);
    var bigAnswers = bigSet.Questions.ToDictionary(q => bigSuite.Prompt(q), q => string.Join("\n", q.Fullscale!.Emotions.Select((e, i) => $"{e}: {q.Fullscale.Scores[i].ToString(CultureInfo.InvariantCulture)}")));
    await using var server = await TestEndpoint.StartAsync(req => TestReply.Ok(bigAnswers[req.Prompt]));
    var samples = new List<(TimeSpan At, long Rss)>();
    var (exit, stdout, wall, peak) = await BenchRuns.RunAsync(attune, ["run", "--model", "openai:bench", "--base-url", server.BaseUrl, "--questions", big, "--parallel", "32", "--db", Path.Combine(dir, "bench.db"), "--json"],
        (at, rss) => samples.Add((at, rss)));
    if (exit != 0) throw new InvalidOperationException("10,000-trial run failed");
    double score = JsonDocument.Parse(stdout).RootElement.GetProperty("score").GetDouble();
    Console.WriteLine();
    Console.WriteLine($"{trials:N0} trials (zero latency, parallel 32): score {score}, wall {wall.TotalSeconds:0.0} s, {trials / wall.TotalSeconds:0} trials/s");
    Console.WriteLine($"  peak memory (VmHWM of the attune process): {peak / 1024.0 / 1024.0:0.0} MB (target: < 200 MB)");
    // where the peak falls: resident memory at tenths of the run
    var tenths = Enumerable.Range(1, 10).Select(k => samples.LastOrDefault(x => x.At.TotalSeconds <= wall.TotalSeconds * k / 10).Rss / 1048576.0);
    Console.WriteLine($"  VmRSS at 10%, 20%, … 100% of the wall time: {string.Join(" / ", tenths.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))} MB");
    Directory.Delete(dir, recursive: true);
}
return 0;

static string FindRepo()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Attune.slnx"))) return dir.FullName;
    }
    throw new InvalidOperationException("run from inside the repository");
}
