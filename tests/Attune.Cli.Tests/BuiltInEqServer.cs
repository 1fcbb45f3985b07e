using System.Collections.Concurrent;
using System.Text.Json;

namespace Attune.Cli.Tests;

/// <summary>
/// A loopback endpoint that answers Attune's own EQ items (src/Attune/Data/eq-items.json) from their reference answers,
/// one emotion nudged on odd-numbered items so scores are not all 100; anything else gets a fixed reply. Counts every
/// request by prompt.
/// </summary>
public static class BuiltInEqServer
{
    /// <summary>The item file (the same file Attune embeds).</summary>
    public static string Items => Path.Combine(SharedData.RepoRoot, "src", "Attune", "Data", "eq-items.json");

    /// <summary>Starts the server; returns it with the question id of every EQ prompt.</summary>
    public static async Task<(TestEndpoint Server, IReadOnlyDictionary<string, string> IdByPrompt)> StartAsync(TimeSpan latency = default)
    {
        var refs = EqAnswers.References(Items);
        var prompts = await CliRunner.RunAsync(["eq", "prompts", "--questions", Items]);
        var byPrompt = new ConcurrentDictionary<string, string>();
        foreach (var line in prompts.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            byPrompt[doc.RootElement.GetProperty("prompt").GetString()!] = doc.RootElement.GetProperty("id").GetString()!;
        }
        var server = await TestEndpoint.StartAsync(req =>
        {
            if (!byPrompt.TryGetValue(req.Prompt, out var id)) return new TestReply("A", Delay: latency);
            var (names, scores) = refs[id];
            var nudged = scores.ToArray();
            if (int.Parse(id, System.Globalization.CultureInfo.InvariantCulture) % 2 == 1) nudged[0] = Math.Min(10, nudged[0] + 3);
            return new TestReply(EqAnswers.Answer(names, nudged), Delay: latency);
        });
        return (server, byPrompt);
    }
}
