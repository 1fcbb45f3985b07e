using System.Text.RegularExpressions;

namespace Attune.Suites.Eq;

/// <summary>The reference harness's answer parsing (<c>parse_answers</c> and <c>parse_answers_de</c>), quirk for quirk.</summary>
public static partial class EqStrictParser
{
    private const string S = PythonCompat.Space;

    // The reference's pattern is ([\w]+):\s+(\d+). A match can only start where a run of word characters starts (or
    // where the previous match ended): starting inside a run reaches the same ':' later than the run's start would, so
    // leftmost matching never picks it. Saying so in the pattern (the lookbehind, or \G) keeps the matches identical
    // and the cost linear; without it, a long answer without a colon took time quadratic in its length.
    [GeneratedRegex(@"(?:\G|(?<![" + PythonCompat.Word + @"]))([" + PythonCompat.Word + @"]+):[" + S + @"]+(" + PythonCompat.Digit + @"+)")]
    internal static partial Regex EnglishPair();

    [GeneratedRegex(@"First pass scores:(.*?)Revised scores:", RegexOptions.Singleline)]
    private static partial Regex EnglishFirstPass();

    [GeneratedRegex(@"Revised scores:(.*?)$", RegexOptions.Singleline)]
    private static partial Regex EnglishRevised();

    // The reference's German pattern; a match starts only where a run of its label characters starts (see EnglishPair).
    [GeneratedRegex(@"(?:\G|(?<![a-zA-ZäöüßÄÖÜ" + S + @"]))([a-zA-ZäöüßÄÖÜ" + S + @"]+):[" + S + @"]*\**(" + PythonCompat.Digit + @"+(?:," + PythonCompat.Digit + @"+)?)\**")]
    internal static partial Regex GermanPair();

    [GeneratedRegex(@"(Erste.*?):[" + S + @"]*(.*?)(?=Überarbeitete|$)", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GermanFirstPass();

    [GeneratedRegex(@"(Überarbeitete.*?):[" + S + @"]*(.*)", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GermanRevised();

    /// <summary>Parses a response the way the reference does for the given language and mode.</summary>
    public static EqParsedAnswer Parse(string text, EqLanguage language, bool revise)
        => language == EqLanguage.De ? ParseGerman(text, revise) : ParseEnglish(text, revise);

    private static EqParsedAnswer ParseEnglish(string text, bool revise)
    {
        if (!revise) return new EqParsedAnswer(EnglishPairs(text), EqAnswerMap.Empty);
        var first = EqAnswerMap.Empty;
        var m = EnglishFirstPass().Match(text);
        if (m.Success) first = EnglishPairs(m.Groups[1].Value);
        var revised = EqAnswerMap.Empty;
        var r = EnglishRevised().Match(text);
        if (r.Success) revised = EnglishPairs(r.Groups[1].Value);
        return new EqParsedAnswer(first, revised);
    }

    private static EqAnswerMap EnglishPairs(string text)
        => EqAnswerMap.From(EnglishPair().Matches(text).Select(m => (m.Groups[1].Value, m.Groups[2].Value)));

    private static EqParsedAnswer ParseGerman(string text, bool revise)
    {
        if (!revise) return new EqParsedAnswer(GermanPairs(text), EqAnswerMap.Empty);
        var first = EqAnswerMap.Empty;
        var m = GermanFirstPass().Match(text);
        if (m.Success) first = GermanPairs(m.Groups[2].Value);
        var revised = EqAnswerMap.Empty;
        var r = GermanRevised().Match(text);
        if (r.Success) revised = GermanPairs(r.Groups[2].Value);
        return new EqParsedAnswer(first, revised);
    }

    private static EqAnswerMap GermanPairs(string text)
        => EqAnswerMap.From(GermanPair().Matches(text).Select(m => (PythonCompat.Strip(m.Groups[1].Value), m.Groups[2].Value.Replace("*", "", StringComparison.Ordinal))));
}
