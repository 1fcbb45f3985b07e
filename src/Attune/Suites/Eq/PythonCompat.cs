using System.Globalization;
using System.Numerics;
using System.Text;

namespace Attune.Suites.Eq;

/// <summary>
/// The few pieces of Python semantics the reference harness depends on: its regex character classes,
/// <c>float()</c> of a captured digit string, <c>str.strip()</c>, string slicing with <c>find</c> results,
/// and <c>round(x, n)</c> (correctly rounded, ties to even).
/// </summary>
internal static class PythonCompat
{
    /// <summary>Python's <c>\s</c> for str patterns (str.isspace), as a .NET character class body.</summary>
    public const string Space = @"\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

    /// <summary>Python's <c>\w</c> for str patterns (str.isalnum or underscore), as a .NET character class body.</summary>
    public const string Word = @"\p{L}\p{N}_";

    /// <summary>Python's <c>\d</c> for str patterns (Unicode decimal digits).</summary>
    public const string Digit = @"\p{Nd}";

    private static readonly char[] SpaceChars = BuildSpaceChars();

    private static char[] BuildSpaceChars()
    {
        var list = new List<char> { '\t', '\n', '\v', '\f', '\r', ' ', '\x85', '\xa0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000' };
        for (char c = '\x1c'; c <= '\x1f'; c++) list.Add(c);
        for (char c = '\u2000'; c <= '\u200a'; c++) list.Add(c);
        return [.. list];
    }

    /// <summary>Python's <c>str.strip()</c> with no arguments.</summary>
    public static string Strip(string s) => s.Trim(SpaceChars);

    /// <summary>
    /// Python's <c>float(s)</c> for a string the parsers captured (Unicode digits, optionally with a decimal comma that
    /// Python rejects). Returns false where Python would raise <c>ValueError</c>.
    /// </summary>
    public static bool TryFloat(string s, out double value)
    {
        var stripped = Strip(s);
        var sb = new StringBuilder(stripped.Length);
        foreach (var ch in stripped)
        {
            if (char.IsDigit(ch))
            {
                sb.Append((char)('0' + (int)char.GetNumericValue(ch)));
            }
            else if (ch is '.' or '-' or '+' or 'e' or 'E')
            {
                sb.Append(ch);
            }
            else
            {
                value = double.NaN;
                return false;
            }
        }
        return double.TryParse(sb.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Python's <c>s[:i]</c> where <paramref name="i"/> may be negative (as <c>find</c> returns -1).</summary>
    public static string Before(string s, int i) => s[..Normalize(s, i)];

    /// <summary>Python's <c>s[i:]</c> where <paramref name="i"/> may be negative.</summary>
    public static string From(string s, int i) => s[Normalize(s, i)..];

    private static int Normalize(string s, int i) => i < 0 ? Math.Max(0, s.Length + i) : Math.Min(i, s.Length);

    /// <summary>Python's <c>str.find(sub, start)</c>, including a negative start.</summary>
    public static int Find(string s, string sub, int start = 0)
    {
        var from = Normalize(s, start);
        return s.IndexOf(sub, from, StringComparison.Ordinal);
    }

    /// <summary>Python's <c>round(x, ndigits)</c>: the double nearest to x correctly rounded to ndigits decimals, ties to even.</summary>
    public static double Round(double x, int ndigits)
    {
        if (double.IsNaN(x) || double.IsInfinity(x) || x == 0) return x;
        long bits = BitConverter.DoubleToInt64Bits(x);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        BigInteger mantissa;
        int exp2;
        if (exponent == 0)
        {
            mantissa = fraction;
            exp2 = -1074;
        }
        else
        {
            mantissa = fraction | (1L << 52);
            exp2 = exponent - 1075;
        }
        if (exp2 >= 0) return x; // an integer: nothing to round
        var scale = BigInteger.Pow(10, ndigits);
        var numerator = mantissa * scale;
        var denominator = BigInteger.One << -exp2;
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        int cmp = twice.CompareTo(denominator);
        if (cmp > 0 || (cmp == 0 && !quotient.IsEven)) quotient += 1;
        var text = (negative ? "-" : "") + quotient.ToString(CultureInfo.InvariantCulture) + "e-" + ndigits.ToString(CultureInfo.InvariantCulture);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
