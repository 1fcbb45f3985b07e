using System.Globalization;
using System.Text.Json;

namespace Attune.Cli.Tests;

/// <summary>attune at a real (pseudo-)terminal: tables at the terminal's width and Ctrl-C (issue 16).</summary>
public class TerminalTests
{
    private static Dictionary<string, string?> Home(string dir) => new() { ["ATTUNE_HOME"] = dir };

    [PtyFact]
    public async Task Tables_use_the_terminal_width_and_never_split_a_number_or_word()
    {
        var home = Directory.CreateTempSubdirectory("attune-pty-").FullName;
        var run = await CliRunner.RunAsync(["run", "--limit", "8", "--json"], Home(home));
        Assert.True(run.ExitCode == 0, run.Stderr);
        string score;
        using (var doc = JsonDocument.Parse(run.Stdout)) score = doc.RootElement.GetProperty("score").GetDouble().ToString("0.00", CultureInfo.InvariantCulture);

        // wide: one table, the run on one line with every value beside its neighbours
        using (var wide = Pty.Start(["runs", "list"], 160, Home(home)))
        {
            Assert.Equal(0, await wide.WaitAsync(TimeSpan.FromMinutes(1)));
            var lines = wide.Screen.Split('\n');
            Assert.All(lines, l => Assert.True(l.Length <= 160, $"{l.Length} columns: {l}"));
            Assert.Contains(lines, l => l.Contains("│ 1 ", StringComparison.Ordinal) && l.Contains("builtin:baseline", StringComparison.Ordinal) && l.Contains(score, StringComparison.Ordinal) && l.Contains("completed", StringComparison.Ordinal));
        }

        // narrow: nothing wider than the terminal, and every value whole on one line
        foreach (int columns in new[] { 60, 40 })
        {
            using var narrow = Pty.Start(["runs", "list"], columns, Home(home));
            Assert.Equal(0, await narrow.WaitAsync(TimeSpan.FromMinutes(1)));
            var lines = narrow.Screen.Split('\n');
            Assert.All(lines, l => Assert.True(l.Length <= columns, $"{l.Length} > {columns} columns: {l}"));
            foreach (var whole in new[] { score, "builtin:baseline", "completed", "builtin:attune-eq" })
            {
                Assert.Contains(lines, l => l.Contains(whole, StringComparison.Ordinal));
            }
        }

        // a suite result at 50 columns: its numbers whole too (the 95% interval's bounds included)
        using (var result = Pty.Start(["runs", "show", "1"], 50, Home(home)))
        {
            Assert.Equal(0, await result.WaitAsync(TimeSpan.FromMinutes(1)));
            var lines = result.Screen.Split('\n');
            Assert.All(lines, l => Assert.True(l.Length <= 50, $"{l.Length} > 50 columns: {l}"));
            Assert.Contains(lines, l => l.Contains(score, StringComparison.Ordinal));
        }
    }

    [CtrlCFact(Pty = true)]
    public async Task Ctrl_c_at_the_terminal_stops_the_run_says_how_to_resume_and_the_rerun_asks_nothing_twice()
    {
        var home = Directory.CreateTempSubdirectory("attune-pty-").FullName;
        var (server, idByPrompt) = await BuiltInEqServer.StartAsync(TimeSpan.FromMilliseconds(300));
        var env = new Dictionary<string, string?> { ["ATTUNE_HOME"] = home, ["OPENAI_API_KEY"] = "sk-test" };
        string[] args = ["run", "--model", "openai:m", "--base-url", server.BaseUrl, "--parallel", "2"];
        await using (server)
        {
            using (var pty = Pty.Start([.. args, "--json"], 100, env))
            {
                await pty.WaitForAsync(_ => server.Calls >= 6, TimeSpan.FromMinutes(1));
                // with --json, the progress still shows on the terminal's stderr (stdout stays JSON)
                await pty.WaitForAsync(screen => screen.Contains("eq · openai:m", StringComparison.Ordinal) && screen.Contains('%', StringComparison.Ordinal), TimeSpan.FromSeconds(30));
                pty.Type("\u0003"); // Ctrl-C, typed
                Assert.Equal(130, await pty.WaitAsync(TimeSpan.FromMinutes(1)));
                var screen = pty.Screen;
                Assert.Matches(@"run 1 stopped at \d+/64 trials \(\d+ answers stored\); run the same command to resume", screen);
                Assert.DoesNotContain("Exception", screen, StringComparison.Ordinal);
            }
            int beforeResume = server.Calls;
            Assert.InRange(beforeResume, 6, 40);

            // the same command resumes run 1 and asks only what was not stored: each item once, or twice for the (at
            // most 2) in flight when Ctrl-C came
            var resumed = await CliRunner.RunAsync([.. args, "--json"], env);
            Assert.True(resumed.ExitCode == 0, resumed.Stderr);
            using var doc = JsonDocument.Parse(resumed.Stdout);
            Assert.Equal(1, doc.RootElement.GetProperty("run").GetInt32());
            Assert.Equal(64, doc.RootElement.GetProperty("parseable").GetInt32());
            var asked = server.Requests.Where(r => idByPrompt.ContainsKey(r.Prompt)).GroupBy(r => r.Prompt).ToList();
            Assert.Equal(64, asked.Count);
            Assert.InRange(asked.Count(g => g.Count() > 1), 0, 2);
            Assert.InRange(server.Calls, 64, 66);
        }
    }
}
