using System.Text.Json;
using System.Xml.Linq;

namespace Attune.Cli.Tests;

/// <summary>The first five minutes and CI pipelines: help, discovery, scripting, gates.</summary>
public class CliBehaviourTests
{
    private static string NewDb() => Path.Combine(Directory.CreateTempSubdirectory("attune-cli-").FullName, "runs.db");

    /// <summary>A loopback model that answers Attune's own EQ items: exactly (model "good") or 3 points off on every emotion (model "bad").</summary>
    private static async Task<TestEndpoint> EqServer()
    {
        var refs = EqAnswers.References(Path.Combine(SharedData.RepoRoot, "src", "Attune", "Data", "eq-items.json"));
        var prompts = await CliRunner.RunAsync(["eq", "prompts"]);
        var byPrompt = new Dictionary<string, string>();
        foreach (var line in prompts.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            byPrompt[doc.RootElement.GetProperty("prompt").GetString()!] = doc.RootElement.GetProperty("id").GetString()!;
        }
        return await TestEndpoint.StartAsync(req =>
        {
            var (names, scores) = refs[byPrompt[req.Prompt]];
            return TestReply.Ok(EqAnswers.Answer(names, req.Model == "good" ? scores : [.. scores.Select(s => s >= 5 ? s - 3 : s + 3)]));
        });
    }

    /// <summary>The command names listed under "Commands:" in a help text.</summary>
    private static List<string> Subcommands(string help)
    {
        var names = new List<string>();
        bool inCommands = false;
        foreach (var line in help.Split('\n'))
        {
            if (line.StartsWith("Commands:", StringComparison.Ordinal)) { inCommands = true; continue; }
            if (!inCommands) continue;
            if (!line.StartsWith("  ", StringComparison.Ordinal) || line.Trim().Length == 0) break;
            if (line.StartsWith("   ", StringComparison.Ordinal)) continue; // a wrapped description
            names.Add(line.Trim().Split(' ')[0]);
        }
        return names;
    }

    [Fact]
    public async Task Every_command_help_exits_0_and_ends_with_examples_of_that_command()
    {
        var root = await CliRunner.RunAsync(["--help"]);
        var paths = Subcommands(root.Stdout).Select(n => new[] { n }).ToList();
        Assert.Contains(paths, p => p[0] == "init");
        Assert.True(paths.Count >= 15, string.Join(", ", paths.Select(p => p[0])));
        for (int i = 0; i < paths.Count; i++)
        {
            var help = await CliRunner.RunAsync([.. paths[i], "--help"]);
            var name = string.Join(' ', paths[i]);
            Assert.True(help.ExitCode == 0, $"{name} --help: exit {help.ExitCode} {help.Stderr}");
            var examples = help.Stdout[(help.Stdout.IndexOf("Examples:\n", StringComparison.Ordinal) is var at and >= 0 ? at : throw new Xunit.Sdk.XunitException($"{name} --help has no examples"))..];
            var lines = examples.Split('\n').Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(lines);
            // each example runs this command (or, for a group, one of its subcommands; `attune` alone for the root)
            Assert.All(lines, l => Assert.StartsWith("  attune " + paths[i][0], l.Replace("cat texts.txt | ", "", StringComparison.Ordinal), StringComparison.Ordinal));
            if (paths[i].Length == 1) paths.AddRange(Subcommands(help.Stdout).Select(n => new[] { paths[i][0], n }));
        }
        Assert.Contains(paths, p => p is ["runs", "compare"]);
    }

    [Fact]
    public async Task Bare_groups_print_help_with_examples_and_exit_0()
    {
        var root = await CliRunner.RunAsync([]);
        Assert.Equal(0, root.ExitCode);
        Assert.Contains("Examples:", root.Stdout, StringComparison.Ordinal);
        Assert.Contains("run", root.Stdout, StringComparison.Ordinal);
        var runs = await CliRunner.RunAsync(["runs"]);
        Assert.Equal(0, runs.ExitCode);
        Assert.Contains("compare", runs.Stdout, StringComparison.Ordinal);
        var help = await CliRunner.RunAsync(["run", "--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("attune run --suite eq3", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mistakes_are_explained_in_words()
    {
        var unknown = await CliRunner.RunAsync(["rn"]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("did you mean `run`", unknown.Stderr, StringComparison.Ordinal);
        var notNumber = await CliRunner.RunAsync(["run", "--parallel", "abc"]);
        Assert.Equal(2, notNumber.ExitCode);
        Assert.Contains("--parallel: \"abc\" is not a whole number", notNumber.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", notNumber.Stderr, StringComparison.Ordinal);
        var wrongSuite = await CliRunner.RunAsync(["run", "--suite", "ability", "--revise"]);
        Assert.Equal(2, wrongSuite.ExitCode);
        Assert.Contains("--revise: not an option of the ability suite", wrongSuite.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_and_completion_tell_what_exists()
    {
        var suites = await CliRunner.RunAsync(["list", "suites", "--json"]);
        Assert.Equal(0, suites.ExitCode);
        using var doc = JsonDocument.Parse(suites.Stdout);
        Assert.Equal(["eq", "ability", "eq3", "safety", "audit"], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        var taxonomies = await CliRunner.RunAsync(["list", "taxonomies"]);
        Assert.Contains("goemotions  28 labels", taxonomies.Stdout, StringComparison.Ordinal);
        var script = await CliRunner.RunAsync(["completion", "bash"]);
        Assert.Equal(0, script.ExitCode);
        Assert.Contains("_attune", script.Stdout, StringComparison.Ordinal);
    }

    [BashFact]
    public async Task The_bash_completion_script_completes_commands_and_suites()
    {
        var script = await CliRunner.RunAsync(["completion", "bash"]);
        Assert.Equal(0, script.ExitCode);
        var path = Path.Combine(Directory.CreateTempSubdirectory("attune-completion-").FullName, "attune.bash");
        await File.WriteAllTextAsync(path, script.Stdout);
        var psi = new System.Diagnostics.ProcessStartInfo("/bin/bash", ["-c", $"source {path}; COMP_WORDS=(attune runs co); COMP_CWORD=2; _attune; echo \"${{COMPREPLY[@]}}\"; COMP_WORDS=(attune run --suite saf); COMP_CWORD=3; _attune; echo \"${{COMPREPLY[@]}}\""]) { RedirectStandardOutput = true };
        using var bash = System.Diagnostics.Process.Start(psi)!;
        var completed = (await bash.StandardOutput.ReadToEndAsync()).Split('\n');
        Assert.Equal("compare", completed[0]);
        Assert.Equal("safety", completed[1]);
    }

    [Fact]
    public async Task Scripts_get_the_run_id_and_an_empty_list_on_a_new_machine()
    {
        var db = NewDb();
        var empty = await CliRunner.RunAsync(["runs", "list", "--json", "--db", db]);
        Assert.Equal(0, empty.ExitCode);
        Assert.Equal("[]", empty.Stdout.Trim());
        var run = await CliRunner.RunAsync(["run", "--json", "--db", db]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using (var doc = JsonDocument.Parse(run.Stdout)) Assert.Equal(1, doc.RootElement.GetProperty("run").GetInt64());
        var latest = await CliRunner.RunAsync(["runs", "show", "latest", "--json", "--db", db]);
        using (var doc = JsonDocument.Parse(latest.Stdout)) Assert.Equal(1, doc.RootElement.GetProperty("id").GetInt64());
        var md = await CliRunner.RunAsync(["report", "latest", "--format", "md", "--db", db]);
        Assert.Equal(0, md.ExitCode);
        Assert.StartsWith("# builtin:baseline", md.Stdout, StringComparison.Ordinal);
        var json = await CliRunner.RunAsync(["report", "1", "--format", "json", "--out", "-", "--db", db]);
        using (var doc = JsonDocument.Parse(json.Stdout))
        {
            var info = doc.RootElement.GetProperty("runInfo");
            Assert.Equal(JsonValueKind.Number, info.GetProperty("id").ValueKind);          // typed values, not display strings
            Assert.Equal(JsonValueKind.Number, info.GetProperty("answers").ValueKind);
        }
        var html = await CliRunner.RunAsync(["report", "1", "--db", db]);
        Assert.Equal(2, html.ExitCode);
        Assert.Contains("--out", html.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_under_fails_the_gate_keeps_the_run_and_writes_a_summary_and_junit()
    {
        var dir = Directory.CreateTempSubdirectory("attune-gates-").FullName;
        var db = Path.Combine(dir, "runs.db");
        string summary = Path.Combine(dir, "summary.md"), junit = Path.Combine(dir, "gates.xml");
        await File.WriteAllTextAsync(summary, "earlier step\n");
        // the built-in baseline scores far below 99 on Attune's own items
        var run = await CliRunner.RunAsync(["run", "--db", db, "--json", "--fail-under", "99", "--summary", summary, "--junit", junit]);
        Assert.Equal(1, run.ExitCode);
        using (var doc = JsonDocument.Parse(run.Stdout)) Assert.True(doc.RootElement.GetProperty("score").GetDouble() < 99);
        var list = await CliRunner.RunAsync(["runs", "list", "--json", "--db", db]);
        using (var doc = JsonDocument.Parse(list.Stdout)) Assert.Equal(1, doc.RootElement.GetArrayLength());
        var md = await File.ReadAllTextAsync(summary);
        Assert.StartsWith("earlier step\n", md, StringComparison.Ordinal); // appended, as CI job summaries are
        Assert.Contains("❌ **fail-under**: score", md, StringComparison.Ordinal);
        var xml = XDocument.Load(junit);
        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(["threshold", "fail-under"], cases.Select(c => (string)c.Attribute("name")!));
        Assert.Null(cases[0].Element("failure"));
        Assert.NotNull(cases[1].Element("failure"));
        var passing = await CliRunner.RunAsync(["run", "--db", db, "--json", "--fail-under", "0"]);
        Assert.Equal(0, passing.ExitCode);
    }

    [Fact]
    public async Task Compare_gates_a_regression_beyond_noise_and_identical_runs_differ_by_nothing()
    {
        await using var server = await EqServer();
        var db = NewDb();
        Assert.Equal(0, (await CliRunner.RunAsync(["run", "--model", "openai:good", "--base-url", server.BaseUrl, "--db", db, "--json"])).ExitCode);
        var bad = await CliRunner.RunAsync(["run", "--model", "openai:bad", "--base-url", server.BaseUrl, "--db", db, "--json"]);
        Assert.True(bad.ExitCode is 0 or 1, bad.Stderr);
        var same = await CliRunner.RunAsync(["runs", "compare", "1", "1", "--db", db, "--json"]);
        using (var doc = JsonDocument.Parse(same.Stdout))
        {
            Assert.Equal(0, doc.RootElement.GetProperty("difference").GetDouble());
            Assert.Equal(1.0, doc.RootElement.GetProperty("pValue").GetDouble());
        }
        var gate = await CliRunner.RunAsync(["runs", "compare", "1", "2", "--db", db, "--json", "--fail-if-worse", "--margin", "1"]);
        Assert.Equal(1, gate.ExitCode);
        using (var doc = JsonDocument.Parse(gate.Stdout))
        {
            Assert.True(doc.RootElement.GetProperty("difference").GetDouble() < -1);
            Assert.True(doc.RootElement.GetProperty("gate").GetProperty("failed").GetBoolean());
            Assert.Equal("fail-if-worse", doc.RootElement.GetProperty("gate").GetProperty("rule").GetString());
        }
        // the other way round B is better: the gate passes
        var better = await CliRunner.RunAsync(["runs", "compare", "2", "1", "--db", db, "--json", "--fail-if-worse"]);
        Assert.Equal(0, better.ExitCode);
        // a huge margin lets the regression through
        var lenient = await CliRunner.RunAsync(["runs", "compare", "1", "2", "--db", db, "--json", "--fail-if-worse", "--margin", "1000"]);
        Assert.Equal(0, lenient.ExitCode);
    }
}
