using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Attune.Text;

/// <summary>
/// A JSON reader with the semantics of Python's <c>json.loads</c> (CPython's C scanner, <c>strict=True</c>):
/// raw control characters inside strings, trailing commas and single quotes fail; <c>NaN</c>, <c>Infinity</c>
/// and <c>-Infinity</c> are accepted; a duplicate key keeps the last value in the first key's position; only
/// space, tab, CR and LF count as whitespace. Integers that fit in 64 bits are kept as <see cref="long"/>,
/// larger ones become <see cref="double"/> (as Python's <c>float(int)</c> would give).
/// </summary>
internal static class PythonJson
{
    private const int MaxDepth = 1000;

    /// <summary>Parses a whole document. Returns false where Python would raise.</summary>
    public static bool TryParse(string text, out JsonNode? value)
    {
        var reader = new Reader(text);
        try
        {
            reader.SkipWhitespace();
            value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (reader.Position != text.Length) throw new FormatException("extra data");
            return true;
        }
        catch (FormatException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>Python's <c>str(value)</c> of a decoded JSON value: a string is itself, anything else its repr.</summary>
    public static string Str(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : Repr(node);

    /// <summary>Python's <c>repr(value)</c> of a decoded JSON value (dicts, lists, str, int, float, bool, None).</summary>
    public static string Repr(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return "None";
            case JsonObject obj:
                return "{" + string.Join(", ", obj.Select(kv => PythonText.Repr(kv.Key) + ": " + Repr(kv.Value))) + "}";
            case JsonArray arr:
                return "[" + string.Join(", ", arr.Select(Repr)) + "]";
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case System.Text.Json.JsonValueKind.String: return PythonText.Repr(v.GetValue<string>());
                    case System.Text.Json.JsonValueKind.True: return "True";
                    case System.Text.Json.JsonValueKind.False: return "False";
                    default:
                        if (v.TryGetValue<long>(out var l)) return l.ToString(CultureInfo.InvariantCulture);
                        return PythonText.Repr(v.GetValue<double>());
                }
            default:
                return node.ToJsonString();
        }
    }

    private sealed class Reader(string text)
    {
        public int Position { get; private set; }

        public void SkipWhitespace()
        {
            while (Position < text.Length && text[Position] is ' ' or '\t' or '\n' or '\r') Position++;
        }

        private char Peek => Position < text.Length ? text[Position] : '\0';

        private bool AtEnd => Position >= text.Length;

        private static FormatException Fail(string what) => new(what);

        public JsonNode? ReadValue(int depth)
        {
            if (AtEnd) throw Fail("expecting value");
            char c = text[Position];
            switch (c)
            {
                case '"':
                    Position++;
                    return JsonValue.Create(ReadStringBody());
                case '{':
                    if (depth >= MaxDepth) throw Fail("too deep");
                    return ReadObject(depth + 1);
                case '[':
                    if (depth >= MaxDepth) throw Fail("too deep");
                    return ReadArray(depth + 1);
                case 'n' when Matches("null"):
                    Position += 4;
                    return null;
                case 't' when Matches("true"):
                    Position += 4;
                    return JsonValue.Create(true);
                case 'f' when Matches("false"):
                    Position += 5;
                    return JsonValue.Create(false);
                case 'N' when Matches("NaN"):
                    Position += 3;
                    return JsonValue.Create(double.NaN);
                case 'I' when Matches("Infinity"):
                    Position += 8;
                    return JsonValue.Create(double.PositiveInfinity);
                case '-' when Matches("-Infinity"):
                    Position += 9;
                    return JsonValue.Create(double.NegativeInfinity);
                default:
                    return ReadNumber();
            }
        }

        private bool Matches(string word) => string.CompareOrdinal(text, Position, word, 0, word.Length) == 0 && Position + word.Length <= text.Length;

        private JsonValue ReadNumber()
        {
            int start = Position;
            int i = Position;
            if (i < text.Length && text[i] == '-') i++;
            if (i >= text.Length || !IsDigit(text[i])) throw Fail("expecting value");
            if (text[i] == '0') i++;
            else while (i < text.Length && IsDigit(text[i])) i++;
            bool isFloat = false;
            if (i + 1 < text.Length && text[i] == '.' && IsDigit(text[i + 1]))
            {
                isFloat = true;
                i += 2;
                while (i < text.Length && IsDigit(text[i])) i++;
            }
            if (i < text.Length && text[i] is 'e' or 'E')
            {
                int j = i + 1;
                if (j < text.Length && text[j] is '+' or '-') j++;
                if (j < text.Length && IsDigit(text[j]))
                {
                    isFloat = true;
                    i = j;
                    while (i < text.Length && IsDigit(text[i])) i++;
                }
            }
            Position = i;
            string literal = text[start..i];
            if (!isFloat && long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                return JsonValue.Create(l);
            return JsonValue.Create(double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        private static bool IsDigit(char c) => c is >= '0' and <= '9';

        private string ReadStringBody()
        {
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw Fail("unterminated string");
                char c = text[Position++];
                if (c == '"') return sb.ToString();
                if (c == '\\')
                {
                    if (AtEnd) throw Fail("unterminated string");
                    char e = text[Position++];
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (Position + 4 > text.Length) throw Fail("invalid \\uXXXX escape");
                            int code = 0;
                            for (int k = 0; k < 4; k++)
                            {
                                int h = HexValue(text[Position + k]);
                                if (h < 0) throw Fail("invalid \\uXXXX escape");
                                code = code * 16 + h;
                            }
                            Position += 4;
                            sb.Append((char)code);
                            break;
                        default:
                            throw Fail("invalid escape");
                    }
                }
                else if (c < 0x20)
                {
                    throw Fail("invalid control character");
                }
                else
                {
                    sb.Append(c);
                }
            }
        }

        private static int HexValue(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };

        private JsonObject ReadObject(int depth)
        {
            Position++; // '{'
            var obj = new JsonObject();
            SkipWhitespace();
            if (Peek == '}')
            {
                Position++;
                return obj;
            }
            while (true)
            {
                if (Peek != '"' || AtEnd) throw Fail("expecting property name enclosed in double quotes");
                Position++;
                string key = ReadStringBody();
                SkipWhitespace();
                if (Peek != ':' || AtEnd) throw Fail("expecting ':' delimiter");
                Position++;
                SkipWhitespace();
                var value = ReadValue(depth);
                obj[key] = value;
                SkipWhitespace();
                if (AtEnd) throw Fail("expecting ',' delimiter");
                char c = text[Position++];
                if (c == '}') return obj;
                if (c != ',') throw Fail("expecting ',' delimiter");
                SkipWhitespace();
            }
        }

        private JsonArray ReadArray(int depth)
        {
            Position++; // '['
            var arr = new JsonArray();
            SkipWhitespace();
            if (Peek == ']' && !AtEnd)
            {
                Position++;
                return arr;
            }
            while (true)
            {
                arr.Add(ReadValue(depth));
                SkipWhitespace();
                if (AtEnd) throw Fail("expecting ',' delimiter");
                char c = text[Position++];
                if (c == ']') return arr;
                if (c != ',') throw Fail("expecting ',' delimiter");
                SkipWhitespace();
            }
        }
    }
}
