using System.Text.RegularExpressions;
using Attune.Suites.Eq;

namespace Attune.Tests.Suites.Eq;

/// <summary>
/// The parsers' patterns say where a match may start so that long answers cost linear time. These tests check that
/// they find exactly what the reference's own patterns find (written here as the reference states them) on thousands
/// of random answers built from the characters that matter.
/// </summary>
public class EqParserPatternTests
{
    private const string S = PythonCompat.Space;
    private static readonly Regex ReferenceEnglish = new(@"([" + PythonCompat.Word + @"]+):[" + S + @"]+(" + PythonCompat.Digit + @"+)");
    private static readonly Regex ReferenceGerman = new(@"([a-zA-ZäöüßÄÖÜ" + S + @"]+):[" + S + @"]*\**(" + PythonCompat.Digit + @"+(?:," + PythonCompat.Digit + @"+)?)\**");
    private static readonly Regex UnanchoredLenient = new(@"(?<label>\p{L}[\p{L}'’ -]*?)[ \t]*(?:\([^)\n]*\))?[ \t]*[:=\-–—]?[ \t]*(?:\r?\n[ \t]*(?:[-•>][ \t]*)?)?(?<value>[0-9]+(?:[.,][0-9]+)?)(?:[ \t]*/[ \t]*(?<den>[0-9]+(?:[.,][0-9]+)?))?", RegexOptions.CultureInvariant);

    private static IEnumerable<string> RandomAnswers(int count, int seed)
    {
        const string alphabet = "abAnger Joyä ß:  :*,7 3\n\t/(x)-'’_٣.=::  77";
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            var chars = new char[rng.Next(0, 60)];
            for (int j = 0; j < chars.Length; j++) chars[j] = alphabet[rng.Next(alphabet.Length)];
            yield return new string(chars);
        }
    }

    private static List<string> Groups(Regex regex, string text, params string[] names)
        => [.. regex.Matches(text).Select(m => string.Join("|", names.Select(n => m.Groups[n].Success ? m.Groups[n].Value : "-")))];

    [Fact]
    public void English_pairs_match_the_reference_pattern()
    {
        foreach (var text in RandomAnswers(5000, 1)) Assert.Equal(Groups(ReferenceEnglish, text, "1", "2"), Groups(EqStrictParser.EnglishPair(), text, "1", "2"));
    }

    [Fact]
    public void German_pairs_match_the_reference_pattern()
    {
        foreach (var text in RandomAnswers(5000, 2)) Assert.Equal(Groups(ReferenceGerman, text, "1", "2"), Groups(EqStrictParser.GermanPair(), text, "1", "2"));
    }

    [Fact]
    public void Lenient_pairs_match_the_unanchored_pattern()
    {
        foreach (var text in RandomAnswers(5000, 3)) Assert.Equal(Groups(UnanchoredLenient, text, "label", "value", "den"), Groups(EqLenientParser.Pair(), text, "label", "value", "den"));
    }

    [Fact]
    public void The_random_answers_do_contain_pairs()
    {
        // the comparison above must not pass vacuously
        Assert.True(RandomAnswers(5000, 1).Sum(t => ReferenceEnglish.Matches(t).Count) > 100);
        Assert.True(RandomAnswers(5000, 2).Sum(t => ReferenceGerman.Matches(t).Count) > 100);
        Assert.True(RandomAnswers(5000, 3).Sum(t => UnanchoredLenient.Matches(t).Count) > 100);
    }
}
