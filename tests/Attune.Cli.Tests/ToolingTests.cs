using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace Attune.Cli.Tests;

/// <summary>The tool as users install it (dotnet pack + tool install), and the training tool's determinism.</summary>
public class ToolingTests
{
    private static async Task<CliResult> Run(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["OPENAI_API_KEY"] = null;
        psi.Environment["OPENAI_BASE_URL"] = null;
        foreach (var (k, v) in env ?? new Dictionary<string, string?>()) psi.Environment[k] = v;
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr, sw.Elapsed);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(from, dir);
            if (rel.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            Directory.CreateDirectory(Path.Combine(to, rel));
        }
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(from, file);
            if (rel.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, rel))!);
            File.Copy(file, Path.Combine(to, rel));
        }
    }

    [OfflinePackFact]
    public async Task The_tool_packs_installs_into_a_tool_path_and_runs()
    {
        // pack a copy of the sources (the repository's own bin and obj folders stay untouched), restoring from the
        // NuGet cache only, then install the package into a temporary tool path from that folder only
        var work = Directory.CreateTempSubdirectory("attune-pack-").FullName;
        var root = SharedData.RepoRoot;
        foreach (var f in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "nuget.config" }) File.Copy(Path.Combine(root, f), Path.Combine(work, f));
        CopyTree(Path.Combine(root, "src"), Path.Combine(work, "src")); // the tool and every project it references
        var feed = Path.Combine(work, "feed");
        var pack = await Run("dotnet", ["pack", Path.Combine(work, "src", "Attune.Cli"), "-c", "Release", "-o", feed, "-p:RestoreSources=" + OfflinePackFactAttribute.PackagesFolder], work);
        Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);
        var package = Assert.Single(Directory.GetFiles(feed, "Attune.Cli.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["Attune.Cli.".Length..];

        var config = Path.Combine(work, "tool-feed.config");
        await File.WriteAllTextAsync(config, $"<?xml version=\"1.0\" encoding=\"utf-8\"?><configuration><packageSources><clear /><add key=\"local\" value=\"{feed}\" /></packageSources></configuration>");
        var toolPath = Path.Combine(work, "tools");
        var install = await Run("dotnet", ["tool", "install", "Attune.Cli", "--tool-path", toolPath, "--configfile", config, "--version", version], work);
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);
        var attune = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "attune.exe" : "attune");
        Assert.True(File.Exists(attune), $"{attune} was not installed");

        // the installed command does what the test build does: the same default run, the same score
        var home = Path.Combine(work, "home");
        var installed = await Run(attune, ["run", "--json"], work, new Dictionary<string, string?> { ["ATTUNE_HOME"] = home });
        Assert.True(installed.ExitCode == 0, installed.Stderr);
        var built = await CliRunner.RunAsync(["run", "--json"]);
        Assert.True(built.ExitCode == 0, built.Stderr);
        using var a = JsonDocument.Parse(installed.Stdout);
        using var b = JsonDocument.Parse(built.Stdout);
        Assert.Equal(b.RootElement.GetProperty("score").GetDouble(), a.RootElement.GetProperty("score").GetDouble());
        Assert.Equal(64, a.RootElement.GetProperty("questions").GetInt32());
        Assert.True(File.Exists(Path.Combine(home, "attune.db")));
    }

    /// <summary>The training tool's build output beside the CLI's (the test project references it without linking it).</summary>
    private static string TrainDll
    {
        get
        {
            var cli = new FileInfo(CliRunner.AttuneDll);
            var tfm = cli.Directory!.Name;
            var configuration = cli.Directory.Parent!.Name;
            return Path.Combine(SharedData.RepoRoot, "tools", "Attune.Train", "bin", configuration, tfm, "Attune.Train.dll");
        }
    }

    [SharedFact]
    public async Task Training_is_deterministic_for_a_seed()
    {
        // a small sample of GoEmotions train and dev, a small model: the same seed gives the same bytes, another seed others
        var dir = Directory.CreateTempSubdirectory("attune-train-").FullName;
        var train = Path.Combine(dir, "train.tsv");
        var dev = Path.Combine(dir, "dev.tsv");
        await File.WriteAllLinesAsync(train, File.ReadLines(SharedData.Path_("data", "goemotions", "train.tsv")).Take(3000));
        await File.WriteAllLinesAsync(dev, File.ReadLines(SharedData.Path_("data", "goemotions", "dev.tsv")).Take(600));
        async Task<string> Train(int seed, string name)
        {
            var output = Path.Combine(dir, name);
            var r = await Run("dotnet", [TrainDll, "--train", train, "--dev", dev, "--out", output, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--bits", "14", "--epochs", "2", "--thr-boot", "0"], dir);
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            return Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(output)));
        }
        var first = await Train(7, "a.bin");
        var again = await Train(7, "b.bin");
        var other = await Train(8, "c.bin");
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }
}
