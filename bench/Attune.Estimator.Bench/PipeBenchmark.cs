using System.Diagnostics;
using System.Globalization;
using Attune.Emotions;

namespace Attune.Estimator.Bench;

/// <summary>
/// Texts per second of <c>attune estimate --jsonl</c> as a pipe (the real binary, pinned to core 0 with one processor
/// visible, fed and drained from the other core) over many lines, against the in-process single-thread rate on the
/// same texts; and the pipe process's memory, sampled while it runs, to show it stays flat.
/// </summary>
internal static class PipeBenchmark
{
    public static int Run(string[] dev, int lineCount, int runs)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("the pipe benchmark pins processes with taskset and reads /proc: Linux only");
            return 2;
        }
        var attune = AttuneDll();
        if (!File.Exists(attune))
        {
            Console.Error.WriteLine($"attune not built: {attune}");
            return 2;
        }
        if (!File.Exists("/usr/bin/taskset") || !File.Exists("/usr/bin/time"))
        {
            Console.Error.WriteLine("taskset (util-linux) and /usr/bin/time (time) are needed to pin the pipe to one core and read its CPU time");
            return 2;
        }
        // the texts as a pipe carries them: dev texts cycled, every third one as an {"id", "text"} object
        var lines = new string[lineCount];
        for (int i = 0; i < lineCount; i++)
        {
            var t = dev[i % dev.Length];
            lines[i] = i % 3 == 0 ? $"{{\"id\":{i.ToString(CultureInfo.InvariantCulture)},\"text\":{System.Text.Json.JsonSerializer.Serialize(t)}}}" : t.Replace('\n', ' ');
        }
        var payload = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipe: {lineCount:N0} lines ({payload.Length / 1e6:0.0} MB), attune pinned to core 0 (DOTNET_PROCESSOR_COUNT=1); {runs} run(s) after a warm-up"));

        // The machine is shared and its speed drifts: each pipe run is paired with in-process measurements taken on the same
        // core just before and just after it (their mean time per text), and the ratio of each pair is reported (the
        // median ratio is the figure). The same ratio is also given in CPU time (the pipe process's user + system time
        // from /usr/bin/time, the bench's own around the in-process loop), which time stolen by the hypervisor and other
        // tenants does not inflate.
        var estimator = BuiltInEstimator.Load();
        var sample = Enumerable.Range(0, Math.Min(lineCount, 200_000)).Select(i => dev[i % dev.Length]).ToArray();
        (double Wall, double Cpu) InProcessRate()
        {
            using (var self = Process.GetCurrentProcess()) self.ProcessorAffinity = 1; // in-process rate on core 0, like the pipe
            var cpu = CpuTime();
            var sw = Stopwatch.StartNew();
            int labels = 0;
            foreach (var t in sample) labels += estimator.Estimate(t).Labels.Count;
            sw.Stop();
            cpu = CpuTime() - cpu;
            GC.KeepAlive(labels);
            using (var self = Process.GetCurrentProcess()) self.ProcessorAffinity = Environment.ProcessorCount > 1 ? 2 : 1; // feed from the other core
            return (sample.Length / sw.Elapsed.TotalSeconds, sample.Length / cpu.TotalSeconds);
        }
        var rates = new List<double>();
        var inProcess = new List<double>();
        var ratios = new List<double>();
        var startedRatios = new List<double>();
        var cpuRatios = new List<double>();
        long peak = 0;
        var before = InProcessRate();
        for (int r = -1; r < runs; r++)
        {
            var (rate, started, cpuRate, hwm, rss) = OnePipe(attune, r < 0 ? payload.AsMemory(0, Math.Min(payload.Length, 5_000_000)) : payload, r < 0 ? -1 : lineCount);
            var after = InProcessRate();
            double inRate = 2 / ((1 / before.Wall) + (1 / after.Wall));
            double inCpuRate = 2 / ((1 / before.Cpu) + (1 / after.Cpu));
            before = after;
            if (r < 0) continue;
            rates.Add(rate);
            inProcess.Add(inRate);
            ratios.Add(rate / inRate);
            startedRatios.Add(started / inRate);
            cpuRatios.Add(cpuRate / inCpuRate);
            peak = Math.Max(peak, hwm);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {r + 1}: in process {inRate:N0} texts/s; pipe {rate:N0} texts/s (process start included) = {rate / inRate:P1}; after the first tenth {started:N0} texts/s = {started / inRate:P1}; per CPU-second {inCpuRate:N0} in process, {cpuRate:N0} in the pipe = {cpuRate / inCpuRate:P1}; VmHWM {hwm / 1048576.0:0.0} MB; VmRSS at 10/50/90% of the input: {string.Join(" / ", rss.Select(x => (x / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture)))} MB"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pipe mode: median {Median(rates):N0} texts/s; in process median {Median(inProcess):N0} texts/s; median ratio {Median(ratios):P1} (target ≥ 90%), after the first tenth {Median(startedRatios):P1}, in CPU time {Median(cpuRatios):P1}; peak memory {peak / 1048576.0:0.0} MB"));
        return 0;
    }

    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static (double Rate, double Started, double CpuRate, long Hwm, long[] Rss) OnePipe(string attune, ReadOnlyMemory<byte> payload, int expected)
    {
        // /usr/bin/time reports the process's user and system time when it exits (taskset execs into dotnet)
        string times = Path.GetTempFileName();
        var psi = new ProcessStartInfo("/usr/bin/time") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-o", times, "-f", "%U %S", "taskset", "-c", "0", "dotnet", attune, "estimate", "--jsonl" }) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_PROCESSOR_COUNT"] = "1";
        psi.Environment["DOTNET_gcServer"] = "0";
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        long written = 0;
        var feed = Task.Run(async () =>
        {
            var stdin = p.StandardInput.BaseStream;
            for (int at = 0; at < payload.Length; at += 1 << 16)
            {
                var chunk = payload.Slice(at, Math.Min(1 << 16, payload.Length - at));
                await stdin.WriteAsync(chunk);
                Interlocked.Add(ref written, chunk.Length);
            }
            stdin.Close();
        });
        long hwm = 0;
        var rss = new long[3];
        double[] marks = [0.1, 0.5, 0.9];
        var sampler = Task.Run(async () =>
        {
            int attunePid = 0;
            while (!p.HasExited)
            {
                if (attunePid == 0) attunePid = Child(p.Id); // the process /usr/bin/time started
                if (attunePid == 0)
                {
                    await Task.Delay(10);
                    continue;
                }
                var (h, now) = Memory(attunePid);
                hwm = Math.Max(hwm, h);
                double done = Interlocked.Read(ref written) / (double)payload.Length;
                for (int m = 0; m < marks.Length; m++) if (rss[m] == 0 && done >= marks[m]) rss[m] = now;
                await Task.Delay(50);
            }
        });
        int count = 0, tenth = expected / 10, atTenth = -1;
        double secondsAtTenth = 0, secondsAtLast = 0;
        var output = p.StandardOutput.BaseStream;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = output.Read(buffer, 0, buffer.Length)) > 0)
        {
            count += buffer.AsSpan(0, read).Count((byte)'\n');
            secondsAtLast = sw.Elapsed.TotalSeconds;
            if (atTenth < 0 && count >= tenth)
            {
                atTenth = count;
                secondsAtTenth = secondsAtLast;
            }
        }
        p.WaitForExit();
        sw.Stop();
        feed.Wait();
        sampler.Wait();
        if (p.ExitCode != 0) throw new InvalidOperationException("attune estimate --jsonl failed: " + stderr.Result);
        if (expected >= 0 && count != expected) throw new InvalidOperationException($"expected {expected} output lines, got {count}");
        // the rate once started: from the answer that completed the first tenth of the input to the last answer
        double started = atTenth >= 0 && secondsAtLast > secondsAtTenth ? (count - atTenth) / (secondsAtLast - secondsAtTenth) : double.NaN;
        double cpuSeconds = File.ReadAllText(times).Split(' ', StringSplitOptions.RemoveEmptyEntries).Sum(x => double.Parse(x, CultureInfo.InvariantCulture));
        File.Delete(times);
        return (count / sw.Elapsed.TotalSeconds, started, count / cpuSeconds, hwm, rss);
    }

    private static int Child(int pid)
    {
        try
        {
            string id = pid.ToString(CultureInfo.InvariantCulture);
            var children = File.ReadAllText($"/proc/{id}/task/{id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return children.Length > 0 ? int.Parse(children[0], CultureInfo.InvariantCulture) : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static (long Hwm, long Rss) Memory(int pid)
    {
        long hwm = 0, rss = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        return (hwm, rss);
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }

    private static string AttuneDll()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        for (var dir = baseDir; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Attune.slnx")))
            {
                return Path.Combine(dir.FullName, "src", "Attune.Cli", "bin", baseDir.Parent!.Name, baseDir.Name, "attune.dll");
            }
        }
        return "attune.dll";
    }
}
