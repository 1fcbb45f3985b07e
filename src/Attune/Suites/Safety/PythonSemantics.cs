using System.Globalization;
using System.Numerics;
using System.Text;
using Attune.Suites.Eq;

namespace Attune.Suites.Safety;

/// <summary>
/// The Python built-ins the Spiral-Bench reference applies to strings and judge values: <c>str.strip/lower/split/
/// splitlines</c>, truthiness, <c>int()</c>, <c>float()</c>, <c>round()</c>, code-point lengths and slices, and
/// code-point string order (<c>sorted</c>).
/// </summary>
internal static class PythonSemantics
{
    /// <summary><c>str.strip()</c>.</summary>
    public static string Strip(string s) => PythonCompat.Strip(s);

    /// <summary><c>round(x, n)</c>: correctly rounded, ties to even.</summary>
    public static double Round(double x, int digits) => PythonCompat.Round(x, digits);

    /// <summary>
    /// <c>str.lower()</c>: the invariant lower-case mapping plus the one unconditional special case (U+0130 → "i̇").
    /// Greek final-sigma context is not applied (keys are ASCII in practice).
    /// </summary>
    public static string Lower(string s) => s.Replace("\u0130", "i\u0307", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary><c>str.isspace()</c> for one UTF-16 unit.</summary>
    public static bool IsSpace(char c) => c is '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\x85' or '\xa0' or '\u1680'
        or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' or (>= '\x1c' and <= '\x1f') or (>= '\u2000' and <= '\u200a');

    /// <summary><c>str.split()</c> with no arguments: runs of whitespace separate words; no empty words.</summary>
    public static List<string> SplitWhitespace(string s)
    {
        var words = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsSpace(s[i])) i++;
            int start = i;
            while (i < s.Length && !IsSpace(s[i])) i++;
            if (i > start) words.Add(s[start..i]);
        }
        return words;
    }

    /// <summary><c>str.splitlines()</c>: splits on \n, \r, \r\n, \v, \f, \x1c–\x1e, \x85, U+2028, U+2029.</summary>
    public static List<string> SplitLines(string s)
    {
        var lines = new List<string>();
        int start = 0;
        int i = 0;
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

    /// <summary><c>len(s)</c>: code points (a surrogate pair counts once, a lone surrogate once).</summary>
    public static int CodePointLength(string s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            n++;
        }
        return n;
    }

    /// <summary><c>s[:n]</c> in code points.</summary>
    public static string CodePointPrefix(string s, int n)
    {
        int count = 0;
        int i = 0;
        while (i < s.Length && count < n)
        {
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            count++;
        }
        return s[..i];
    }

    /// <summary>Python's string order (<c>sorted</c>): by code point, not by UTF-16 unit.</summary>
    public static int CompareCodePoints(string? a, string? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            int ca = char.IsHighSurrogate(a[i]) && i + 1 < a.Length && char.IsLowSurrogate(a[i + 1]) ? char.ConvertToUtf32(a[i], a[i + 1]) : a[i];
            int cb = char.IsHighSurrogate(b[j]) && j + 1 < b.Length && char.IsLowSurrogate(b[j + 1]) ? char.ConvertToUtf32(b[j], b[j + 1]) : b[j];
            if (ca != cb) return ca.CompareTo(cb);
            i += ca > 0xFFFF ? 2 : 1;
            j += cb > 0xFFFF ? 2 : 1;
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }

    /// <summary>A comparer for <see cref="CompareCodePoints"/>.</summary>
    public static readonly IComparer<string> CodePointOrder = Comparer<string>.Create(CompareCodePoints);

    /// <summary>Python truthiness of a parsed JSON value.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        BigInteger i => !i.IsZero,
        double d => d != 0.0,
        string s => s.Length > 0,
        List<object?> l => l.Count > 0,
        OrderedDictionary<string, object?> o => o.Count > 0,
        _ => true,
    };

    /// <summary><c>int(value)</c> for a parsed JSON value; false where Python raises (ValueError, TypeError, OverflowError).</summary>
    public static bool TryInt(object? value, out BigInteger result)
    {
        result = BigInteger.Zero;
        switch (value)
        {
            case bool b:
                result = b ? BigInteger.One : BigInteger.Zero;
                return true;
            case BigInteger i:
                result = i;
                return true;
            case double d:
                if (double.IsNaN(d) || double.IsInfinity(d)) return false;
                result = new BigInteger(Math.Truncate(d));
                return true;
            case string s:
                return TryParseInt(s, out result);
            default:
                return false;
        }
    }

    /// <summary><c>int(s)</c> for a string in base 10: whitespace around, a sign, Unicode decimal digits, single underscores between digits.</summary>
    public static bool TryParseInt(string s, out BigInteger result)
    {
        result = BigInteger.Zero;
        var body = Strip(s);
        int i = 0;
        bool negative = false;
        if (i < body.Length && body[i] is '+' or '-')
        {
            negative = body[i] == '-';
            i++;
        }
        var digits = NormaliseDigits(body[i..], allowDot: false, allowExponent: false);
        if (digits is null || digits.Length > 4300) return false;
        result = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative) result = -result;
        return true;
    }

    /// <summary><c>float(value)</c> for a parsed JSON value; false where Python raises (ValueError, TypeError, OverflowError).</summary>
    public static bool TryFloat(object? value, out double result)
    {
        result = 0.0;
        switch (value)
        {
            case bool b:
                result = b ? 1.0 : 0.0;
                return true;
            case BigInteger i:
                result = double.Parse(i.ToString(CultureInfo.InvariantCulture), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                return !double.IsInfinity(result); // OverflowError: int too large to convert to float
            case double d:
                result = d;
                return true;
            case string s:
                return TryParseFloat(s, out result);
            default:
                return false;
        }
    }

    /// <summary><c>float(s)</c>: whitespace around, a sign, inf/infinity/nan in any case, decimal digits with single underscores between digits, an optional exponent.</summary>
    public static bool TryParseFloat(string s, out double result)
    {
        result = 0.0;
        var body = Strip(s);
        int i = 0;
        bool negative = false;
        if (i < body.Length && body[i] is '+' or '-')
        {
            negative = body[i] == '-';
            i++;
        }
        var rest = body[i..];
        var lower = rest.ToLowerInvariant();
        if (lower is "inf" or "infinity")
        {
            result = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (lower == "nan")
        {
            result = double.NaN;
            return true;
        }
        var normal = NormaliseDigits(rest, allowDot: true, allowExponent: true);
        if (normal is null) return false;
        result = double.Parse(normal, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (negative) result = -result;
        return true;
    }

    /// <summary>
    /// Checks a number body (no leading sign) against Python's grammar and returns it with ASCII digits and without
    /// underscores, or null. Digits: Unicode Nd; an underscore only between two digits.
    /// </summary>
    private static string? NormaliseDigits(string body, bool allowDot, bool allowExponent)
    {
        var sb = new StringBuilder(body.Length);
        int i = 0;
        int intDigits = ReadDigits(body, ref i, sb);
        if (intDigits < 0) return null;
        int fracDigits = 0;
        if (allowDot && i < body.Length && body[i] == '.')
        {
            sb.Append('.');
            i++;
            fracDigits = ReadDigits(body, ref i, sb);
            if (fracDigits < 0) return null;
        }
        if (intDigits + fracDigits == 0) return null;
        if (allowExponent && i < body.Length && body[i] is 'e' or 'E')
        {
            sb.Append('e');
            i++;
            if (i < body.Length && body[i] is '+' or '-') sb.Append(body[i++]);
            int expDigits = ReadDigits(body, ref i, sb);
            if (expDigits <= 0) return null;
        }
        return i == body.Length ? sb.ToString() : null;
    }

    /// <summary>Reads digits with single inner underscores; returns the digit count, or -1 for a misplaced underscore.</summary>
    private static int ReadDigits(string s, ref int i, StringBuilder sb)
    {
        int count = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsDigit(c))
            {
                sb.Append((char)('0' + (int)char.GetNumericValue(c)));
                count++;
                i++;
            }
            else if (c == '_')
            {
                if (count == 0 || i + 1 >= s.Length || !char.IsDigit(s[i + 1])) return -1;
                i++;
            }
            else
            {
                break;
            }
        }
        return count;
    }
}
