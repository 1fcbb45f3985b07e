using System.Text;
using System.Text.Json.Nodes;

namespace Attune.Text;

/// <summary>
/// Pulls one JSON object out of a model's free-text reply the way the EQ-Bench 3 reference does
/// (<c>utils/utils.py: robust_json_loads</c>), so judge replies parse, and fail, exactly where they do there.
/// </summary>
/// <remarks>
/// The steps, in order:
/// <list type="number">
/// <item>If the text contains <c>```json</c> more than once, keep only the text after the last occurrence.</item>
/// <item>Split the text into lines as Python's <c>str.splitlines()</c> does, drop every line whose left-trimmed form starts
/// with <c>```</c>, rejoin with <c>\n</c> and trim.</item>
/// <item>Take the first balanced <c>{…}</c> object: braces inside double-quoted strings are ignored and backslash
/// escapes inside strings are honoured; a stray <c>}</c> before the first <c>{</c> drives the depth negative, after
/// which no object is found.</item>
/// <item>Parse it as strict JSON with Python's rules (<c>NaN</c>/<c>Infinity</c> accepted, a duplicate key keeps the last
/// value; trailing commas, single quotes and raw control characters in strings fail).</item>
/// <item>On failure repair once and parse again: inside strings a raw CR or LF becomes the two characters <c>\n</c>, and a
/// <c>"</c> is escaped unless the next non-whitespace character is <c>,</c> <c>}</c> <c>]</c> <c>:</c> or there is none.
/// Trailing commas and tabs are never repaired.</item>
/// </list>
/// </remarks>
public static class JsonExtraction
{
    /// <summary>
    /// Attune's forgiving reading of a JSON object in a model's answer, for Attune's own parsers (not a reference's):
    /// the text from the first <c>{</c> to the last <c>}</c>, parsed with trailing commas and comments allowed, and with
    /// single quotes read as double quotes when the text has no double quotes. Null when there is no such object.
    /// The caller disposes the document.
    /// </summary>
    /// <param name="text">The answer.</param>
    public static System.Text.Json.JsonDocument? Loose(string? text)
    {
        if (text is null) return null;
        int open = text.IndexOf('{', StringComparison.Ordinal), close = text.LastIndexOf('}');
        if (open < 0 || close <= open) return null;
        var candidate = text[open..(close + 1)];
        var options = new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = System.Text.Json.JsonCommentHandling.Skip };
        try
        {
            var doc = System.Text.Json.JsonDocument.Parse(candidate, options);
            if (doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object) return doc;
            doc.Dispose();
            return null;
        }
        catch (System.Text.Json.JsonException) when (candidate.Contains('\'', StringComparison.Ordinal) && !candidate.Contains('"', StringComparison.Ordinal))
        {
            try
            {
                return System.Text.Json.JsonDocument.Parse(candidate.Replace('\'', '"'), options);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The JSON object a reply holds, or <see langword="null"/> when the reference's robust loader would fail.
    /// </summary>
    /// <param name="text">The reply text (any length; <see langword="null"/> gives <see langword="null"/>).</param>
    /// <returns>The parsed object (keys in first-appearance order), or <see langword="null"/>.</returns>
    public static JsonObject? ExtractObject(string? text)
    {
        if (text is null) return null;
        var candidate = FirstBalancedObject(Clean(text));
        if (candidate is null) return null;
        if (PythonJson.TryParse(candidate, out var node)) return node as JsonObject;
        var repaired = RepairInnerQuotes(RepairNewlines(candidate));
        return PythonJson.TryParse(repaired, out node) ? node as JsonObject : null;
    }

    /// <summary>Steps 1 and 2: keep the text after the last of several <c>```json</c> markers, drop fence lines, trim.</summary>
    internal static string Clean(string text)
    {
        const string Fence = "```json";
        int first = text.IndexOf(Fence, StringComparison.Ordinal);
        if (first >= 0 && text.IndexOf(Fence, first + 1, StringComparison.Ordinal) >= 0)
            text = text[(text.LastIndexOf(Fence, StringComparison.Ordinal) + Fence.Length)..];
        var kept = PythonText.SplitLines(text).Where(line => !PythonText.LStrip(line).StartsWith("```", StringComparison.Ordinal));
        return PythonText.Strip(string.Join("\n", kept));
    }

    /// <summary>Step 3: the first balanced <c>{…}</c> span, or <see langword="null"/>.</summary>
    internal static string? FirstBalancedObject(string s)
    {
        bool inString = false, escapeNext = false;
        int depth = 0, start = -1;
        for (int i = 0; i < s.Length; i++)
        {
            char ch = s[i];
            if (inString)
            {
                if (escapeNext) escapeNext = false;
                else if (ch == '\\') escapeNext = true;
                else if (ch == '"') inString = false;
            }
            else if (ch == '"')
            {
                inString = true;
            }
            else if (ch == '{')
            {
                if (depth == 0) start = i;
                depth++;
            }
            else if (ch == '}')
            {
                depth--;
                if (depth == 0 && start >= 0) return s[start..(i + 1)];
            }
        }
        return null;
    }

    /// <summary>Repair (a): raw CR or LF inside a string becomes <c>\n</c>.</summary>
    internal static string RepairNewlines(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        bool inString = false, esc = false;
        foreach (char ch in s)
        {
            if (inString)
            {
                if (esc) esc = false;
                else if (ch == '\\') esc = true;
                else if (ch == '"') inString = false;
                else if (ch is '\r' or '\n')
                {
                    sb.Append("\\n");
                    continue;
                }
            }
            else if (ch == '"')
            {
                inString = true;
            }
            sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>Repair (b): a <c>"</c> inside a string that is not followed by <c>,</c> <c>}</c> <c>]</c> <c>:</c> or the end is escaped.</summary>
    internal static string RepairInnerQuotes(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        bool inString = false, esc = false;
        for (int i = 0; i < s.Length; i++)
        {
            char ch = s[i];
            if (inString)
            {
                if (esc) esc = false;
                else if (ch == '\\') esc = true;
                else if (ch == '"')
                {
                    int j = i + 1;
                    while (j < s.Length && PythonText.IsSpace(s[j])) j++;
                    if (j < s.Length && s[j] is not (',' or '}' or ']' or ':')) sb.Append('\\');
                    else inString = false;
                }
            }
            else if (ch == '"')
            {
                inString = true;
            }
            sb.Append(ch);
        }
        return sb.ToString();
    }
}
