using System.Text.RegularExpressions;

namespace Attune.Suites.Eq;

/// <summary>
/// Reads an EQ-Bench style prompt back into its parts (dialogue, character, the four emotions, language and whether
/// revised scores are asked for), so an in-process model can answer it.
/// </summary>
public static partial class EqPromptReader
{
    [GeneratedRegex(@"^(?<name>[^\n:<>]{1,60}):\s*<(?!your critique|Ihre Kritik)[^>\n]*>\s*$", RegexOptions.Multiline)]
    private static partial Regex TemplateLine();

    [GeneratedRegex(@"(?:At the end of this dialogue, (?<who>.+?) would feel|When the dialogue ends, how strongly does (?<who>.+?) feel)", RegexOptions.Singleline)]
    private static partial Regex EnglishCharacter();

    [GeneratedRegex(@"Am Ende dieses Dialogs würde (?<who>.+?) sich", RegexOptions.Singleline)]
    private static partial Regex GermanCharacter();

    /// <summary>Returns the parsed prompt, or null when the text is not an EQ-Bench style prompt.</summary>
    public static EqPromptParts? Read(string prompt)
    {
        var names = new List<string>();
        foreach (Match m in TemplateLine().Matches(prompt))
        {
            var name = m.Groups["name"].Value.Trim();
            if (!names.Contains(name, StringComparer.Ordinal)) names.Add(name);
        }
        if (names.Count < 2) return null;
        bool german = prompt.Contains("[Ende des Dialogs]", StringComparison.Ordinal) || prompt.Contains("Punktzahl", StringComparison.Ordinal);
        var language = german ? EqLanguage.De : EqLanguage.En;
        bool revise = german ? prompt.Contains("Erste Bewertung:", StringComparison.Ordinal) : prompt.Contains("First pass scores:", StringComparison.Ordinal);
        var endMarker = german ? "[Ende des Dialogs]" : "[End dialogue]";
        int end = prompt.IndexOf(endMarker, StringComparison.Ordinal);
        string dialogue = end > 0 ? prompt[..end] : prompt;
        int colon = dialogue.IndexOf(":\n", StringComparison.Ordinal);
        if (colon >= 0 && colon < 300) dialogue = dialogue[(colon + 2)..];
        var who = (german ? GermanCharacter() : EnglishCharacter()).Match(prompt);
        return new EqPromptParts(dialogue.Trim(), who.Success ? who.Groups["who"].Value.Trim() : "", names, language, revise);
    }
}
