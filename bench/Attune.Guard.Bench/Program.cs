// The local guard assessor's speed on one thread (median of 7 runs over all 553 replies after a warm-up):
//   dotnet run -c Release --project bench/Attune.Guard.Bench
using System.Diagnostics;
using System.Globalization;
using Attune.Guard;

const double Target = 5000;
var items = GuardSet.LoadEmbedded();
if (args.Length == 2 && args[0] == "--dump")
{
    // every reply's scores, for checking that a speed change leaves the model's output unchanged
    var a = LocalReplyAssessor.Load();
    File.WriteAllLines(args[1], items.Select(i => string.Join(" ", a.Assess(i.User, i.Reply).Scores.Select(kv => kv.Value.ToString("R", CultureInfo.InvariantCulture)))));
    return 0;
}
var load = Stopwatch.StartNew();
var assessor = LocalReplyAssessor.Load();
assessor.Assess("warm", "up");
load.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model load (with the emotion estimator and cue patterns): {load.Elapsed.TotalMilliseconds:0} ms"));
for (int w = 0; w < 5; w++) foreach (var i in items) assessor.Assess(i.User, i.Reply);
// The machine is shared: wall-clock rates fall when other processes take the cores, so the figure that answers
// "replies per second on one core" is the rate per second of this process's CPU time (one thread, no concurrent GC);
// the wall-clock rate is printed beside it.
var rates = new List<double>();
var wallRates = new List<double>();
var process = Process.GetCurrentProcess();
for (int run = 0; run < 7; run++)
{
    process.Refresh();
    var cpu = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    for (int rep = 0; rep < 4; rep++) foreach (var i in items) assessor.Assess(i.User, i.Reply);
    watch.Stop();
    process.Refresh();
    rates.Add(items.Count * 4 / (process.TotalProcessorTime - cpu).TotalSeconds);
    wallRates.Add(items.Count * 4 / watch.Elapsed.TotalSeconds);
}
rates.Sort();
wallRates.Sort();
double median = rates[rates.Count / 2];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"local assessor, one thread: {median:0} replies per CPU-second (median of 7; runs {string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}) = {median / Target:0.00}x the {Target:0} target; {1e6 / median:0.0} µs a reply; wall clock {wallRates[3]:0} replies/s (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})"));
// where the time goes (one pass each over the replies, after the runs above)
var emotions = Attune.Emotions.BuiltInEstimator.Load();
var ngrams = assessor.Model.Featurizer.Reply;
var buffer = new Attune.Emotions.SparseFeatures();
double Time(Action<GuardSetItem> step)
{
    process.Refresh();
    var cpu = process.TotalProcessorTime;
    for (int rep = 0; rep < 4; rep++) foreach (var i in items) step(i);
    process.Refresh();
    return (process.TotalProcessorTime - cpu).TotalMicroseconds / (items.Count * 4);
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"CPU time per reply: cue patterns {Time(i => GuardFeaturizer.FiredCues(i.Reply)):0.0} µs · emotion estimate {Time(i => emotions.Estimate(i.Reply)):0.0} µs · reply n-grams {Time(i => ngrams.Featurize(i.Reply.AsSpan(), buffer)):0.0} µs · whole assessment {Time(i => assessor.Assess(i.User, i.Reply)):0.0} µs"));
return 0;
