using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Attune.Cli.Tests;

/// <summary>Builds model answers from the official question file's references, independently of the library.</summary>
public static partial class EqAnswers
{
    [GeneratedRegex(@"^(\w+): <score>$", RegexOptions.Multiline)]
    private static partial Regex Template();

    /// <summary>Reference fullscale scores by question id, in emotion order.</summary>
    public static Dictionary<string, (string[] Names, double[] Scores)> References(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var map = new Dictionary<string, (string[], double[])>();
        foreach (var q in doc.RootElement.EnumerateObject())
        {
            var r = q.Value.GetProperty("reference_answer_fullscale");
            var names = Enumerable.Range(1, 4).Select(i => r.GetProperty($"emotion{i}").GetString()!).ToArray();
            var scores = Enumerable.Range(1, 4).Select(i =>
            {
                var s = r.GetProperty($"emotion{i}_score");
                return s.ValueKind == JsonValueKind.String ? double.Parse(s.GetString()!, CultureInfo.InvariantCulture) : s.GetDouble();
            }).ToArray();
            map[q.Name] = (names, scores);
        }
        return map;
    }

    /// <summary>Finds which question a default-mode prompt is, by its emotion names and dialogue.</summary>
    public static string Answer(string[] names, double[] scores)
        => string.Join("\n", names.Select((n, i) => $"{n}: {scores[i].ToString(CultureInfo.InvariantCulture)}"));
}
