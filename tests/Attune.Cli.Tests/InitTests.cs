using System.Text.Json;

namespace Attune.Cli.Tests;

/// <summary><c>attune init</c> and the defaults of <c>./attune.yaml</c> (issue 16): explicit options, then ATTUNE_* variables, then the file.</summary>
public class InitTests
{
    [Fact]
    public async Task Init_writes_a_file_later_commands_read_and_options_and_variables_win()
    {
        var dir = Directory.CreateTempSubdirectory("attune-init-").FullName;
        var init = await CliRunner.RunAsync(["init"], workingDirectory: dir);
        Assert.True(init.ExitCode == 0, init.Stderr);
        var path = Path.Combine(dir, "attune.yaml");
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains("# model: openai:gpt-4o-mini", text, StringComparison.Ordinal); // commented examples
        Assert.Contains("- builtin:baseline", text, StringComparison.Ordinal);

        var again = await CliRunner.RunAsync(["init"], workingDirectory: dir);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal($"attune: {path}: already exists (attune init --force overwrites it)", again.Stderr.Trim());
        Assert.Equal(text, await File.ReadAllTextAsync(path)); // untouched

        // `matrix plan` reads ./attune.yaml without being told: the two cells of the template
        var plan = await CliRunner.RunAsync(["matrix", "plan", "--json"], workingDirectory: dir);
        Assert.True(plan.ExitCode == 0, plan.Stderr);
        using (var doc = JsonDocument.Parse(plan.Stdout))
        {
            Assert.Equal(["eq", "ability"], doc.RootElement.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("suite").GetString()));
        }

        // the file's model, base URL and store become `run`'s defaults
        var (server, _) = await BuiltInEqServer.StartAsync();
        await using (server)
        {
            await File.WriteAllTextAsync(path, text
                .Replace("# store: ./attune.db", "store: ./project.db", StringComparison.Ordinal)
                .Replace("# model: openai:gpt-4o-mini", "model: openai:from-file", StringComparison.Ordinal)
                .Replace("# base-url: http://localhost:8000/v1", "base-url: " + server.BaseUrl, StringComparison.Ordinal));
            var run = await CliRunner.RunAsync(["run", "--limit", "2", "--json"], env: new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-test" }, workingDirectory: dir);
            Assert.True(run.ExitCode == 0, run.Stderr);
            using (var doc = JsonDocument.Parse(run.Stdout)) Assert.Equal("openai:from-file", doc.RootElement.GetProperty("model").GetString());
            Assert.True(File.Exists(Path.Combine(dir, "project.db")));
            Assert.Equal(2, server.Calls);
            Assert.All(server.Requests, r => Assert.Equal("from-file", r.Model));

            // an ATTUNE_* variable wins over the file, an explicit option over both
            var fromEnv = await CliRunner.RunAsync(["run", "--limit", "2", "--json"], env: new Dictionary<string, string?> { ["ATTUNE_MODEL"] = "builtin:baseline" }, workingDirectory: dir);
            Assert.True(fromEnv.ExitCode == 0, fromEnv.Stderr);
            using (var doc = JsonDocument.Parse(fromEnv.Stdout)) Assert.Equal("builtin:baseline", doc.RootElement.GetProperty("model").GetString());
            var explicitDb = Path.Combine(dir, "explicit.db");
            var fromOption = await CliRunner.RunAsync(["run", "--limit", "2", "--json", "--model", "builtin:baseline", "--db", explicitDb], env: new Dictionary<string, string?> { ["ATTUNE_MODEL"] = "openai:other" }, workingDirectory: dir);
            Assert.True(fromOption.ExitCode == 0, fromOption.Stderr);
            using (var doc = JsonDocument.Parse(fromOption.Stdout)) Assert.Equal("builtin:baseline", doc.RootElement.GetProperty("model").GetString());
            Assert.True(File.Exists(explicitDb));
            Assert.Equal(2, server.Calls); // neither asked the file's model
        }

        // a bad default is named by file, line and key for every command; `init --force` still rewrites the file
        await File.WriteAllTextAsync(path, "# a project\njudge: nosuch:model\n");
        var bad = await CliRunner.RunAsync(["runs", "list"], workingDirectory: dir);
        Assert.Equal(2, bad.ExitCode);
        Assert.StartsWith("attune: attune.yaml:2: judge: ", bad.Stderr.Trim(), StringComparison.Ordinal);
        var forced = await CliRunner.RunAsync(["init", "--force"], workingDirectory: dir);
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Equal(text, await File.ReadAllTextAsync(path));
    }
}
