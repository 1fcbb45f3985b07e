using System.Globalization;
using System.Text.RegularExpressions;

namespace Attune.Suites.Eq;

/// <summary>
/// A forgiving answer reader for models that do not follow the format to the letter: markdown emphasis, decimals
/// (point or comma), case-insensitive emotion names, <c>7/10</c>, bullets, and a number on the line after the name.
/// Only the question's own emotion names are read, so stray <c>word: number</c> text never becomes a fifth key.
/// Its figure is reported beside the strict one, never in its place.
/// </summary>
public static partial class EqLenientParser
{
    [GeneratedRegex(@"first[\s_-]*pass(?:[\s_-]*scores?)?\s*:?|erste[\p{L}\s]*?:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FirstHeading();

    [GeneratedRegex(@"revised[\s_-]*scores?\s*:?|überarbeitete[\p{L}\s]*?:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RevisedHeading();

    [GeneratedRegex(@"[*_`#]+")]
    private static partial Regex Emphasis();

    // A label (letters, spaces, apostrophes, hyphens), an optional note in brackets, a separator, then a number,
    // possibly on the next line and possibly out of a denominator: "Anger: 7", "- anger = 7.5", "Anger (intensity)\n7/10".
    // A match starts only at the start of a run of label characters (or where the previous match ended), skipping to the
    // run's first letter: a later start in the same run could only find the same number later, and trying every start
    // made long answers without numbers quadratic.
    [GeneratedRegex(@"(?:\G|(?<![\p{L}'’ -]))['’ -]*(?<label>\p{L}[\p{L}'’ -]*?)[ \t]*(?:\([^)\n]*\))?[ \t]*[:=\-–—]?[ \t]*(?:\r?\n[ \t]*(?:[-•>][ \t]*)?)?(?<value>[0-9]+(?:[.,][0-9]+)?)(?:[ \t]*/[ \t]*(?<den>[0-9]+(?:[.,][0-9]+)?))?", RegexOptions.CultureInvariant)]
    internal static partial Regex Pair();

    /// <summary>Parses a response for a question, returning values keyed by the question's own emotion names.</summary>
    public static EqParsedAnswer Parse(string text, EqQuestion question, EqLanguage language, bool revise)
    {
        var names = question.Reference.Emotions.Concat(question.Fullscale?.Emotions ?? []).Distinct(StringComparer.Ordinal).ToList();
        var clean = Emphasis().Replace(text, "");
        if (!revise) return new EqParsedAnswer(ReadSection(clean, names), EqAnswerMap.Empty);

        var revisedHeading = RevisedHeading().Match(clean);
        var firstHeading = FirstHeading().Match(clean);
        int firstStart = firstHeading.Success ? firstHeading.Index + firstHeading.Length : 0;
        string first;
        string revised;
        if (revisedHeading.Success && revisedHeading.Index >= firstStart)
        {
            first = clean[firstStart..revisedHeading.Index];
            revised = clean[(revisedHeading.Index + revisedHeading.Length)..];
        }
        else
        {
            first = clean[firstStart..];
            revised = "";
        }
        return new EqParsedAnswer(ReadSection(first, names), ReadSection(revised, names));
    }

    private static EqAnswerMap ReadSection(string text, IReadOnlyList<string> names)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in Pair().Matches(text))
        {
            var name = MatchName(m.Groups["label"].Value, names);
            if (name is null) continue;
            double value = Number(m.Groups["value"].Value);
            if (m.Groups["den"].Success)
            {
                double den = Number(m.Groups["den"].Value);
                if (den > 0 && den != 10) value = value * 10 / den;
            }
            values[name] = value; // a later mention wins, as in the reference
        }
        return EqAnswerMap.From(names.Where(values.ContainsKey).Select(n => (n, values[n].ToString("R", CultureInfo.InvariantCulture))));
    }

    // The label must end with an emotion name as a whole word ("Anger", "1. anger", "Feeling of Anger").
    private static string? MatchName(string label, IReadOnlyList<string> names)
    {
        label = label.Trim();
        foreach (var name in names)
        {
            if (label.Length < name.Length || !label.EndsWith(name, StringComparison.OrdinalIgnoreCase)) continue;
            int start = label.Length - name.Length;
            if (start == 0 || !char.IsLetter(label[start - 1])) return name;
        }
        return null;
    }

    private static double Number(string s) => double.Parse(s.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture);
}
