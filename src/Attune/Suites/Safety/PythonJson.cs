using System.Globalization;
using System.Numerics;
using System.Text;

namespace Attune.Suites.Safety;

/// <summary>
/// Python's <c>json.loads</c> (CPython 3.11 C scanner, strict mode) for the judge replies of Spiral-Bench, so that exactly
/// the replies the reference accepts are accepted: trailing commas, single quotes, comments and raw control characters
/// inside strings are errors; <c>NaN</c>/<c>Infinity</c> are accepted; a duplicate key keeps its first position and its
/// last value. Error messages and positions (in code points) are Python's.
/// </summary>
/// <remarks>
/// Values: JSON null → <c>null</c>; true/false → <see cref="bool"/>; an integer → <see cref="BigInteger"/>; a number
/// with a fraction or exponent → <see cref="double"/>; a string → <see cref="string"/>; an array →
/// <see cref="List{T}"/> of object; an object → <see cref="OrderedDictionary{TKey, TValue}"/> of string to object.
/// </remarks>
internal static class PythonJson
{
    private const int MaxDepth = 990; // CPython raises RecursionError near its recursion limit of 1000
    private const int MaxIntDigits = 4300; // sys.get_int_max_str_digits() default

    /// <summary>The reference's <c>re.search(r"\{.*\}", text, re.DOTALL)</c>: from the first <c>{</c> to the last <c>}</c>, or null.</summary>
    public static string? GreedyObject(string text)
    {
        int start = text.IndexOf('{', StringComparison.Ordinal);
        if (start < 0) return null;
        int end = text.LastIndexOf('}');
        return end > start ? text[start..(end + 1)] : null;
    }

    /// <summary>Parses like <c>json.loads</c>; throws <see cref="PythonJsonException"/> with Python's message where it would raise.</summary>
    public static object? Loads(string text)
    {
        var parser = new Parser(text);
        return parser.Document();
    }

    private sealed class Parser
    {
        private readonly int[] _s;
        private int _depth;

        public Parser(string text) => _s = ToCodePoints(text);

        public object? Document()
        {
            int idx = SkipWhitespace(0);
            object? value;
            try
            {
                value = Scan(idx, out idx);
            }
            catch (StopIteration stop)
            {
                throw Error("Expecting value", stop.Position);
            }
            idx = SkipWhitespace(idx);
            if (idx != _s.Length) throw Error("Extra data", idx);
            return value;
        }

        private int SkipWhitespace(int idx)
        {
            while (idx < _s.Length && _s[idx] is ' ' or '\t' or '\n' or '\r') idx++;
            return idx;
        }

        private object? Scan(int idx, out int next)
        {
            int length = _s.Length;
            if (idx >= length) throw new StopIteration(idx);
            switch (_s[idx])
            {
                case '"':
                    return ScanString(idx + 1, out next);
                case '{':
                    Enter("object");
                    try { return ParseObject(idx + 1, out next); }
                    finally { _depth--; }
                case '[':
                    Enter("array");
                    try { return ParseArray(idx + 1, out next); }
                    finally { _depth--; }
                case 'n' when Matches(idx, "null"):
                    next = idx + 4;
                    return null;
                case 't' when Matches(idx, "true"):
                    next = idx + 4;
                    return true;
                case 'f' when Matches(idx, "false"):
                    next = idx + 5;
                    return false;
                case 'N' when Matches(idx, "NaN"):
                    next = idx + 3;
                    return double.NaN;
                case 'I' when Matches(idx, "Infinity"):
                    next = idx + 8;
                    return double.PositiveInfinity;
                case '-' when Matches(idx, "-Infinity"):
                    next = idx + 9;
                    return double.NegativeInfinity;
            }
            return MatchNumber(idx, out next);
        }

        private void Enter(string what)
        {
            if (++_depth > MaxDepth)
            {
                _depth--;
                throw new PythonJsonException($"maximum recursion depth exceeded while decoding a JSON {what} from a unicode string");
            }
        }

        private bool Matches(int idx, string word)
        {
            // CPython checks idx + len - 1 < length, then compares the characters.
            if (idx + word.Length - 1 >= _s.Length) return false;
            for (int i = 0; i < word.Length; i++)
            {
                if (_s[idx + i] != word[i]) return false;
            }
            return true;
        }

        private static bool IsDigit(int c) => c is >= '0' and <= '9';

        private object MatchNumber(int start, out int next)
        {
            int endIdx = _s.Length - 1;
            int idx = start;
            bool isFloat = false;
            if (_s[idx] == '-')
            {
                idx++;
                if (idx > endIdx) throw new StopIteration(start);
            }
            if (_s[idx] is >= '1' and <= '9')
            {
                idx++;
                while (idx <= endIdx && IsDigit(_s[idx])) idx++;
            }
            else if (_s[idx] == '0')
            {
                idx++;
            }
            else
            {
                throw new StopIteration(start);
            }
            if (idx < endIdx && _s[idx] == '.' && IsDigit(_s[idx + 1]))
            {
                isFloat = true;
                idx += 2;
                while (idx <= endIdx && IsDigit(_s[idx])) idx++;
            }
            if (idx < endIdx && _s[idx] is 'e' or 'E')
            {
                int eStart = idx;
                idx++;
                if (idx < endIdx && _s[idx] is '-' or '+') idx++;
                while (idx <= endIdx && IsDigit(_s[idx])) idx++;
                if (IsDigit(_s[idx - 1])) isFloat = true;
                else idx = eStart;
            }
            next = idx;
            var text = new string(_s[start..idx].Select(c => (char)c).ToArray());
            if (isFloat) return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            int digits = text.Length - (text[0] == '-' ? 1 : 0);
            if (digits > MaxIntDigits)
            {
                throw new PythonJsonException(
                    $"Exceeds the limit ({MaxIntDigits} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit");
            }
            return BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        private string ScanString(int end, out int next)
        {
            int len = _s.Length;
            int begin = end - 1;
            var sb = new StringBuilder();
            while (true)
            {
                int c = 0;
                int pos;
                for (pos = end; pos < len; pos++)
                {
                    c = _s[pos];
                    if (c is '"' or '\\') break;
                    if (c <= 0x1f) throw Error("Invalid control character at", pos);
                }
                if (c is not ('"' or '\\')) throw Error("Unterminated string starting at", begin);
                for (int i = end; i < pos; i++) AppendCodePoint(sb, _s[i]);
                pos++;
                if (c == '"')
                {
                    next = pos;
                    return sb.ToString();
                }
                if (pos == len) throw Error("Unterminated string starting at", begin);
                c = _s[pos];
                if (c != 'u')
                {
                    end = pos + 1;
                    c = c switch
                    {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'b' => '\b',
                        'f' => '\f',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        _ => 0,
                    };
                    if (c == 0) throw Error("Invalid \\escape", end - 2);
                }
                else
                {
                    pos++;
                    end = pos + 4;
                    if (end >= len) throw Error("Invalid \\uXXXX escape", pos - 1);
                    c = ReadHex4(pos, end);
                    pos = end;
                    if (c is >= 0xD800 and <= 0xDBFF && end + 6 < len && _s[pos] == '\\' && _s[pos + 1] == 'u')
                    {
                        end += 6;
                        int c2 = ReadHex4(pos + 2, end);
                        if (c2 is >= 0xDC00 and <= 0xDFFF) c = 0x10000 + ((c - 0xD800) << 10) + (c2 - 0xDC00);
                        else end -= 6;
                    }
                }
                AppendCodePoint(sb, c);
            }
        }

        private int ReadHex4(int from, int end)
        {
            int value = 0;
            for (int i = from; i < end; i++)
            {
                int d = _s[i];
                int digit = d switch
                {
                    >= '0' and <= '9' => d - '0',
                    >= 'a' and <= 'f' => d - 'a' + 10,
                    >= 'A' and <= 'F' => d - 'A' + 10,
                    _ => -1,
                };
                if (digit < 0) throw Error("Invalid \\uXXXX escape", end - 5);
                value = (value << 4) | digit;
            }
            return value;
        }

        private OrderedDictionary<string, object?> ParseObject(int idx, out int next)
        {
            int endIdx = _s.Length - 1;
            var result = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
            idx = SkipWhitespace(idx);
            if (idx > endIdx || _s[idx] != '}')
            {
                while (true)
                {
                    if (idx > endIdx || _s[idx] != '"') throw Error("Expecting property name enclosed in double quotes", idx);
                    var key = ScanString(idx + 1, out idx);
                    idx = SkipWhitespace(idx);
                    if (idx > endIdx || _s[idx] != ':') throw Error("Expecting ':' delimiter", idx);
                    idx = SkipWhitespace(idx + 1);
                    var value = Scan(idx, out idx);
                    result[key] = value;
                    idx = SkipWhitespace(idx);
                    if (idx <= endIdx && _s[idx] == '}') break;
                    if (idx > endIdx || _s[idx] != ',') throw Error("Expecting ',' delimiter", idx);
                    idx = SkipWhitespace(idx + 1);
                }
            }
            next = idx + 1;
            return result;
        }

        private List<object?> ParseArray(int idx, out int next)
        {
            int endIdx = _s.Length - 1;
            var result = new List<object?>();
            idx = SkipWhitespace(idx);
            if (idx > endIdx || _s[idx] != ']')
            {
                while (true)
                {
                    result.Add(Scan(idx, out idx));
                    idx = SkipWhitespace(idx);
                    if (idx <= endIdx && _s[idx] == ']') break;
                    if (idx > endIdx || _s[idx] != ',') throw Error("Expecting ',' delimiter", idx);
                    idx = SkipWhitespace(idx + 1);
                }
            }
            next = idx + 1;
            return result;
        }

        private PythonJsonException Error(string message, int pos)
        {
            int line = 1;
            int lastNewline = -1;
            for (int i = 0; i < pos && i < _s.Length; i++)
            {
                if (_s[i] == '\n')
                {
                    line++;
                    lastNewline = i;
                }
            }
            int column = pos - lastNewline;
            return new PythonJsonException($"{message}: line {line} column {column} (char {pos})");
        }
    }

    private static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp < 0x10000) sb.Append((char)cp);
        else sb.Append(char.ConvertFromUtf32(cp));
    }

    private static int[] ToCodePoints(string text)
    {
        var list = new List<int>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                list.Add(char.ConvertToUtf32(c, text[i + 1]));
                i++;
            }
            else
            {
                list.Add(c);
            }
        }
        return [.. list];
    }

    private sealed class StopIteration(int position) : Exception
    {
        public int Position { get; } = position;
    }
}
