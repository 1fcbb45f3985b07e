using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Attune.Cli.Tests;

/// <summary>
/// Builds model answers and expected scores from a question file's references, independently of the library: the
/// files are read here, and scoring follows the EQ-Bench v2 spec (../shared/specs/eq-bench-v2.md) as written there.
/// </summary>
public static partial class EqAnswers
{
    [GeneratedRegex(@"(\w+):\s+(\d+)")]
    private static partial Regex ReferencePair();

    /// <summary>Attune's own 64 EQ items (shipped with the library, so tests that use them always run).</summary>
    public static string OwnItems => Path.Combine(SharedData.RepoRoot, "src", "Attune", "Data", "eq-items.json");

    /// <summary>A question's emotion names with its v2 (fullscale) and v1 reference scores.</summary>
    /// <param name="Names">Emotion names in order.</param>
    /// <param name="Scores">v2 (fullscale) reference scores.</param>
    /// <param name="V1">v1 reference scores (summing to 10), or null when the file has none.</param>
    /// <param name="Prompt">The question's prompt as the file states it (revise-mode text).</param>
    public sealed record Question(string[] Names, double[] Scores, double[]? V1, string Prompt);

    /// <summary>Every question of a file by id, in file order.</summary>
    public static Dictionary<string, Question> Questions(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var map = new Dictionary<string, Question>();
        static double Number(JsonElement s) => s.ValueKind == JsonValueKind.String ? double.Parse(s.GetString()!, CultureInfo.InvariantCulture) : s.GetDouble();
        foreach (var q in doc.RootElement.EnumerateObject())
        {
            var r = q.Value.GetProperty("reference_answer_fullscale");
            var names = Enumerable.Range(1, 4).Select(i => r.GetProperty($"emotion{i}").GetString()!).ToArray();
            var scores = Enumerable.Range(1, 4).Select(i => Number(r.GetProperty($"emotion{i}_score"))).ToArray();
            double[]? v1 = q.Value.TryGetProperty("reference_answer", out var r1) ? [.. Enumerable.Range(1, 4).Select(i => Number(r1.GetProperty($"emotion{i}_score")))] : null;
            map[q.Name] = new Question(names, scores, v1, q.Value.GetProperty("prompt").GetString()!);
        }
        return map;
    }

    /// <summary>Reference fullscale scores by question id, in emotion order.</summary>
    public static Dictionary<string, (string[] Names, double[] Scores)> References(string path)
        => Questions(path).ToDictionary(kv => kv.Key, kv => (kv.Value.Names, kv.Value.Scores));

    /// <summary>
    /// Which question a default-mode prompt asks: the one whose dialogue (the prompt up to "[End dialogue]") and four
    /// emotion names all appear in it, the longest dialogue winning. Works for Attune's own items, where every dialogue
    /// is unique; throws when no question matches.
    /// </summary>
    public static Func<string, string> Identifier(Dictionary<string, Question> questions)
    {
        var dialogues = questions.Select(kv => (Id: kv.Key, Dialogue: kv.Value.Prompt[..kv.Value.Prompt.IndexOf("[End dialogue]", StringComparison.Ordinal)], kv.Value.Names))
            .OrderByDescending(d => d.Dialogue.Length).ToList();
        return prompt => dialogues.FirstOrDefault(d => prompt.Contains(d.Dialogue, StringComparison.Ordinal) && d.Names.All(n => prompt.Contains(n, StringComparison.Ordinal))).Id
            ?? throw new InvalidOperationException("no question matches the prompt: " + prompt[..Math.Min(120, prompt.Length)]);
    }

    /// <summary>An answer in the format the prompt asks for: <c>Name: score</c> per line.</summary>
    public static string Answer(string[] names, double[] scores)
        => string.Join("\n", names.Select((n, i) => $"{n}: {scores[i].ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The spec's strict parse: every <c>(\w+):\s+(\d+)</c> match in order, a repeated name keeping its last value.</summary>
    public static Dictionary<string, double> Parse(string text)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in ReferencePair().Matches(text)) map[m.Groups[1].Value] = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        return map;
    }

    /// <summary>The spec's v2 score of a parsed answer, or null when it is not exactly the four reference names.</summary>
    public static double? ScoreV2(Question q, Dictionary<string, double> answer)
    {
        if (answer.Count != 4 || !q.Names.All(answer.ContainsKey)) return null;
        double tally = 0;
        for (int i = 0; i < 4; i++)
        {
            double d = Math.Abs(answer[q.Names[i]] - q.Scores[i]);
            tally += d == 0 ? 0 : d <= 5 ? 6.5 * (1 / (1 + Math.Pow(Math.E, -1.2 * (d - 4)))) : d;
        }
        return 10 - (0.7477 * tally);
    }

    /// <summary>The spec's v1 score: the answers rescaled to sum to 10, then 10 − Σ|answer − v1 reference|; null when unscorable.</summary>
    public static double? ScoreV1(Question q, Dictionary<string, double> answer)
    {
        if (q.V1 is null || answer.Count != 4 || !q.Names.All(answer.ContainsKey)) return null;
        double total = q.Names.Sum(n => answer[n]);
        if (total <= 0) return null;
        return 10 - q.Names.Select((n, i) => Math.Abs((answer[n] / total * 10) - q.V1[i])).Sum();
    }

    /// <summary>The benchmark figure of one iteration: 100 × mean(item scores) / 10, rounded to 2 places (0 when none).</summary>
    public static double Benchmark(IEnumerable<double> itemScores)
    {
        var list = itemScores.ToList();
        return list.Count == 0 ? 0 : Math.Round(100 * (list.Average() / 10), 2, MidpointRounding.ToEven);
    }
}
