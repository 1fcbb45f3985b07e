// The local guard assessor's speed on one thread (median of 7 runs over all 553 replies after a warm-up), and the
// latency attune's proxy adds with the local guard (p50/p99 over loopback, against the same upstream asked directly):
//   dotnet run -c Release --project bench/Attune.Guard.Bench
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Attune.Guard;
using Attune.Proxy;
using Attune.Tests;

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
await ProxyLatency(assessor);
return 0;

static async Task ProxyLatency(LocalReplyAssessor assessor)
{
    const double TargetMs = 2.0;
    const string Reply = "Moving somewhere new can be really lonely, and it usually takes a while to build connections. Is there a class, club or volunteering group nearby you could try this week? I'm happy to help you look.";
    const string Body = "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"You are Sol, a friendly companion.\"},{\"role\":\"user\",\"content\":\"I've been feeling really lonely since I moved here.\"}]}";
    await using var upstream = await TestEndpoint.StartAsync(_ => TestReply.Ok(Reply));
    await using var guarded = await GuardProxy.StartAsync(new GuardProxyOptions { Upstream = new Uri(upstream.BaseUrl), Listen = "127.0.0.1:0", Assessor = assessor });
    using var http = new HttpClient();
    async Task<double> Once(string url)
    {
        long start = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync(url, new StringContent(Body, Encoding.UTF8, "application/json"));
        await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url}: HTTP {(int)response.StatusCode}");
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    string direct = upstream.BaseUrl + "/chat/completions";
    string proxied = new Uri(guarded.Address, "v1/chat/completions").ToString();
    for (int i = 0; i < 300; i++)
    {
        await Once(direct);
        await Once(proxied);
    }

    var p50 = new List<double>();
    var p99 = new List<double>();
    for (int run = 0; run < 7; run++)
    {
        var a = new List<double>();
        var b = new List<double>();
        for (int i = 0; i < 300; i++)
        {
            a.Add(await Once(direct));
            b.Add(await Once(proxied));
        }

        a.Sort();
        b.Sort();
        p50.Add(b[b.Count / 2] - a[a.Count / 2]);
        p99.Add(b[(int)(b.Count * 0.99)] - a[(int)(a.Count * 0.99)]);
    }

    p50.Sort();
    p99.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"proxy with the local guard, added latency over loopback (median of 7 runs of 300 requests, each against the upstream asked directly): p50 {p50[3]:0.00} ms = {p50[3] / TargetMs:0.00}x the {TargetMs:0} ms target, p99 {p99[3]:0.00} ms (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})"));
}
