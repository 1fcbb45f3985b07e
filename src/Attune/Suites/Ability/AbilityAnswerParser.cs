using System.Text.Json;
using System.Text.RegularExpressions;

namespace Attune.Suites.Ability;

/// <summary>
/// Reads the letters from a response. Strict follows the EmoBench reference exactly (the first fenced json block if
/// the text contains one, else the whole text, parsed as a JSON object; anything else is an empty answer). Lenient also
/// accepts keys in any case, <c>A)</c>, <c>(A)</c>, <c>A. text</c>, a bare letter or <c>Answer: B</c>; its figure is
/// reported separately.
/// </summary>
public static partial class AbilityAnswerParser
{
    [GeneratedRegex(@"```json\s*([\s\S]*?)```")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^[\s*]*\(?([A-Za-z])\)?(?=$|[).:*])")]
    private static partial Regex LeadingLetter();

    [GeneratedRegex(@"(?:answer|antwort|答案)(?:[ _]?(?:q|question)?[ _]?(?<n>[12]))?\W{0,3}[:：=]\s*\**\(?(?<l>[A-Za-z])\b", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerLine();

    /// <summary>The reference's reading.</summary>
    public static AbilityAnswer Strict(string text, AbilityTask task)
    {
        string json = text;
        if (text.Contains("```json", StringComparison.Ordinal))
        {
            var m = Fence().Match(text);
            if (!m.Success) return AbilityAnswer.Empty;
            json = m.Value.Replace("```json", "", StringComparison.Ordinal).Replace("```", "", StringComparison.Ordinal);
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return AbilityAnswer.Empty;
            return task == AbilityTask.EA
                ? new AbilityAnswer(StringValue(doc.RootElement, "answer", ignoreCase: false), "")
                : new AbilityAnswer(StringValue(doc.RootElement, "answer_q1", ignoreCase: false), StringValue(doc.RootElement, "answer_q2", ignoreCase: false));
        }
        catch (JsonException)
        {
            return AbilityAnswer.Empty;
        }
    }

    // The last property of that name wins, as in Python's json; a non-string value never equals a letter.
    private static string StringValue(JsonElement obj, string name, bool ignoreCase)
    {
        string? value = null;
        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : "\u0000" + p.Value.GetRawText();
            }
        }
        return value ?? "";
    }

    /// <summary>The forgiving reading: strict first, then looser shapes, each letter normalised to upper case.</summary>
    public static AbilityAnswer Lenient(string text, AbilityTask task)
    {
        var strict = Strict(text, task);
        string first = Letter(strict.First), second = Letter(strict.Second);
        if (first.Length == 0 || (task == AbilityTask.EU && second.Length == 0))
        {
            using var doc = Attune.Text.JsonExtraction.Loose(text);
            if (doc is not null)
            {
                if (first.Length == 0) first = Letter(StringValue(doc.RootElement, task == AbilityTask.EA ? "answer" : "answer_q1", ignoreCase: true));
                if (task == AbilityTask.EU && second.Length == 0) second = Letter(StringValue(doc.RootElement, "answer_q2", ignoreCase: true));
            }
        }
        if (first.Length == 0 || (task == AbilityTask.EU && second.Length == 0))
        {
            foreach (Match m in AnswerLine().Matches(text))
            {
                var n = m.Groups["n"].Success ? m.Groups["n"].Value : "1";
                var l = m.Groups["l"].Value.ToUpperInvariant();
                if (n == "1" && first.Length == 0) first = l;
                else if (n == "2" && second.Length == 0) second = l;
            }
        }
        if (first.Length == 0) first = Letter(text);
        return new AbilityAnswer(first, second);
    }

    // "A", "a", "A)", "(A)", "A. Talk to her", "**B**" → the letter; anything else (such as "I would…") → empty.
    private static string Letter(string value)
    {
        if (value.StartsWith('\u0000')) return "";
        var m = LeadingLetter().Match(value.Trim());
        return m.Success ? m.Groups[1].Value.ToUpperInvariant() : "";
    }
}
