using System.Globalization;
using System.Text;

namespace Attune.Text;

/// <summary>
/// Python <c>str</c> semantics that ports of Python harnesses depend on: <c>isspace</c>, <c>strip</c>,
/// <c>splitlines</c>, code-point lengths and slicing, and the text-mode universal-newline translation.
/// </summary>
internal static class PythonText
{
    /// <summary>Python's <c>\s</c> for str patterns (str.isspace), as a .NET character class body.</summary>
    public const string Space = @"\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

    /// <summary>Python's <c>\w</c> for str patterns (alphanumeric or underscore), as a .NET character class body.</summary>
    public const string Word = @"\p{L}\p{N}_";

    /// <summary>Python's <c>str.isspace()</c> for one character.</summary>
    public static bool IsSpace(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\x85' or '\xa0' or '\u1680' or '\u2028' or '\u2029'
            or '\u202f' or '\u205f' or '\u3000' => true,
        >= '\x1c' and <= '\x1f' => true,
        >= '\u2000' and <= '\u200a' => true,
        _ => false,
    };

    /// <summary>Python's <c>str.strip()</c> with no arguments.</summary>
    public static string Strip(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return s[start..end];
    }

    /// <summary>Python's <c>str.lstrip()</c> with no arguments.</summary>
    public static string LStrip(string s)
    {
        int start = 0;
        while (start < s.Length && IsSpace(s[start])) start++;
        return s[start..];
    }

    /// <summary>Python's <c>str.strip(chars)</c>: removes any of <paramref name="chars"/> from both ends.</summary>
    public static string Strip(string s, string chars)
    {
        int start = 0, end = s.Length;
        while (start < end && chars.Contains(s[start], StringComparison.Ordinal)) start++;
        while (end > start && chars.Contains(s[end - 1], StringComparison.Ordinal)) end--;
        return s[start..end];
    }

    /// <summary>
    /// Python's <c>str.splitlines()</c> (no ends kept): breaks on <c>\n</c>, <c>\r</c>, <c>\r\n</c>, <c>\v</c>,
    /// <c>\f</c>, <c>\x1c</c>–<c>\x1e</c>, <c>\x85</c>, U+2028 and U+2029. A final break does not add an empty line.
    /// </summary>
    public static List<string> SplitLines(string s)
    {
        var lines = new List<string>();
        int start = 0, i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                lines.Add(s[start..i]);
                i += c == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1;
                start = i;
            }
            else
            {
                i++;
            }
        }
        if (start < s.Length) lines.Add(s[start..]);
        return lines;
    }

    /// <summary>
    /// The lines a Python text-mode file iteration yields (universal newlines: <c>\r\n</c> and <c>\r</c> become
    /// <c>\n</c>), each with its <c>\n</c> kept except possibly the last.
    /// </summary>
    public static List<string> FileLines(string text)
    {
        var normalized = UniversalNewlines(text);
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < normalized.Length; i++)
        {
            if (normalized[i] == '\n')
            {
                lines.Add(normalized[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < normalized.Length) lines.Add(normalized[start..]);
        return lines;
    }

    /// <summary>Python's text-mode read: <c>\r\n</c> and lone <c>\r</c> become <c>\n</c>.</summary>
    public static string UniversalNewlines(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;

    /// <summary>Python's <c>len(s)</c>: the number of code points (a surrogate pair counts once).</summary>
    public static int Length(string s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            n++;
        }
        return n;
    }

    /// <summary>Python's <c>s[:limit]</c> counted in code points.</summary>
    public static string Prefix(string s, int limit)
    {
        int n = 0, i = 0;
        while (i < s.Length && n < limit)
        {
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            n++;
        }
        return s[..i];
    }

    /// <summary>
    /// The reference's truncation: text longer than <paramref name="limit"/> code points becomes its first
    /// <paramref name="limit"/> code points followed by <c>... [truncated]</c>; shorter text is unchanged.
    /// </summary>
    public static string Truncate(string s, int limit) => Length(s) <= limit ? s : Prefix(s, limit) + "... [truncated]";

    /// <summary>Python's <c>repr()</c> of a str (quote choice and escapes as CPython writes them).</summary>
    public static string Repr(string s)
    {
        char quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2).Append(quote);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == quote || c == '\\') { sb.Append('\\').Append(c); continue; }
            if (c == '\t') { sb.Append("\\t"); continue; }
            if (c == '\n') { sb.Append("\\n"); continue; }
            if (c == '\r') { sb.Append("\\r"); continue; }
            int cp = c;
            int width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                cp = char.ConvertToUtf32(c, s[i + 1]);
                width = 2;
            }
            if (cp < 0x20 || cp == 0x7f) sb.Append(CultureInfo.InvariantCulture, $"\\x{cp:x2}");
            else if (cp < 0x7f) sb.Append(c);
            else if (!IsPrintable(cp, s, i))
            {
                if (cp <= 0xff) sb.Append(CultureInfo.InvariantCulture, $"\\x{cp:x2}");
                else if (cp <= 0xffff) sb.Append(CultureInfo.InvariantCulture, $"\\u{cp:x4}");
                else sb.Append(CultureInfo.InvariantCulture, $"\\U{cp:x8}");
            }
            else sb.Append(s, i, width);
            i += width - 1;
        }
        return sb.Append(quote).ToString();
    }

    private static bool IsPrintable(int cp, string s, int i)
    {
        var category = cp > 0xffff ? CharUnicodeInfo.GetUnicodeCategory(s, i) : CharUnicodeInfo.GetUnicodeCategory((char)cp);
        return category switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
            UnicodeCategory.SpaceSeparator => cp == ' ',
            _ => true,
        };
    }

    /// <summary>Python's <c>repr()</c> of a float (shortest round-trip digits, CPython's notation rules).</summary>
    public static string Repr(double x)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsPositiveInfinity(x)) return "inf";
        if (double.IsNegativeInfinity(x)) return "-inf";
        if (x == 0) return double.IsNegative(x) ? "-0.0" : "0.0";
        // Take .NET's shortest round-trip digits and lay them out as CPython's repr does.
        string shortest = Math.Abs(x).ToString("R", CultureInfo.InvariantCulture);
        // Digits and decimal exponent from the shortest representation.
        string mantissa;
        int exp10;
        int ePos = shortest.IndexOfAny(['E', 'e']);
        string body = ePos >= 0 ? shortest[..ePos] : shortest;
        int exponentPart = ePos >= 0 ? int.Parse(shortest[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        int dot = body.IndexOf('.', StringComparison.Ordinal);
        string intPart = dot >= 0 ? body[..dot] : body;
        string fracPart = dot >= 0 ? body[(dot + 1)..] : "";
        string digits = (intPart + fracPart).TrimStart('0');
        int leadingZeros = (intPart + fracPart).Length - digits.Length;
        exp10 = intPart.Length - 1 - leadingZeros + exponentPart; // exponent of the first significant digit
        mantissa = digits.TrimEnd('0');
        if (mantissa.Length == 0) mantissa = "0";
        string sign = x < 0 ? "-" : "";
        if (exp10 >= -4 && exp10 < 16)
        {
            string text;
            if (exp10 >= 0)
            {
                string ip = mantissa.Length > exp10 + 1 ? mantissa[..(exp10 + 1)] : mantissa.PadRight(exp10 + 1, '0');
                string fp = mantissa.Length > exp10 + 1 ? mantissa[(exp10 + 1)..] : "0";
                text = ip + "." + fp;
            }
            else
            {
                text = "0." + new string('0', -exp10 - 1) + mantissa;
            }
            return sign + text;
        }
        string m = mantissa.Length > 1 ? mantissa[0] + "." + mantissa[1..] : mantissa;
        string es = exp10 < 0 ? "-" : "+";
        return sign + m + "e" + es + Math.Abs(exp10).ToString("00", CultureInfo.InvariantCulture);
    }
}
