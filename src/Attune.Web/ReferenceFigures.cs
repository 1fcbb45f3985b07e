using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Attune.Web;

/// <summary>
/// Public reference figures imported with <c>attune serve --reference FILE</c> (or <c>$ATTUNE_HOME/reference.json</c>):
/// a JSON array of <c>{"model", "suite", "score", "items"?, "ci95"?: [lo, hi], "source"?}</c> (or an object with a
/// default <c>"source"</c> and such an array under <c>"figures"</c>), or a CSV file with the header
/// <c>model,suite,score</c> and optionally <c>items,ci_low,ci_high,source</c>. A bad file is refused whole, naming the
/// line or entry.
/// </summary>
internal sealed class ReferenceFigures(IReadOnlyList<ReferenceFigure> figures)
{
    public static ReferenceFigures Empty { get; } = new([]);

    public IReadOnlyList<ReferenceFigure> Figures => figures;

    public static ReferenceFigures Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"--reference: {path}: file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--reference: {path}: cannot read: {ex.Message}");
        }
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return trimmed.StartsWith('[') || trimmed.StartsWith('{') ? new(ParseJson(path, text)) : new(ParseCsv(path, text));
    }

    private static List<ReferenceFigure> ParseJson(string path, string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new InputException($"--reference: {path}: not valid JSON (line {(ex.LineNumber ?? 0) + 1}): {ex.Message.Split('.')[0]}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            string defaultSource = "reference";
            JsonElement array = root;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String) defaultSource = s.GetString()!;
                if (!root.TryGetProperty("figures", out array)) throw new InputException($"--reference: {path}: expected an array of figures, or an object with \"figures\"");
            }
            if (array.ValueKind != JsonValueKind.Array) throw new InputException($"--reference: {path}: \"figures\" must be an array");
            var list = new List<ReferenceFigure>();
            int n = 0;
            foreach (var e in array.EnumerateArray())
            {
                n++;
                string where = $"--reference: {path}: figure {n}";
                if (e.ValueKind != JsonValueKind.Object) throw new InputException($"{where}: expected an object");
                string Text(string name, bool required)
                {
                    if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Trim().Length > 0) return v.GetString()!.Trim();
                    if (required) throw new InputException($"{where}: \"{name}\" must be a non-empty string");
                    return "";
                }
                if (!e.TryGetProperty("score", out var score) || score.ValueKind != JsonValueKind.Number || !double.IsFinite(score.GetDouble()))
                {
                    throw new InputException($"{where}: \"score\" must be a number");
                }
                double? lo = null, hi = null;
                if (e.TryGetProperty("ci95", out var ci) && ci.ValueKind != JsonValueKind.Null)
                {
                    if (ci.ValueKind != JsonValueKind.Array || ci.GetArrayLength() != 2 || ci[0].ValueKind != JsonValueKind.Number || ci[1].ValueKind != JsonValueKind.Number)
                    {
                        throw new InputException($"{where}: \"ci95\" must be [lower, upper]");
                    }
                    (lo, hi) = (ci[0].GetDouble(), ci[1].GetDouble());
                }
                var items = Text("items", false);
                var source = Text("source", false);
                list.Add(new ReferenceFigure(Text("model", true), Text("suite", true), items.Length == 0 ? null : items, score.GetDouble(), lo, hi, source.Length == 0 ? defaultSource : source));
            }
            return list;
        }
    }

    private static List<ReferenceFigure> ParseCsv(string path, string text)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n');
        var header = Fields(lines[0].TrimEnd('\r'), path, 1).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Col(string name) => header.IndexOf(name);
        if (Col("model") < 0 || Col("suite") < 0 || Col("score") < 0)
        {
            throw new InputException($"--reference: {path}:1: a CSV file needs the header model,suite,score (optionally items,ci_low,ci_high,source)");
        }
        var list = new List<ReferenceFigure>();
        for (int i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            var f = Fields(line, path, i + 1);
            string Get(string name) => Col(name) is >= 0 and var c && c < f.Count ? f[c].Trim() : "";
            double? Num(string name, bool required)
            {
                var s = Get(name);
                if (s.Length == 0 && !required) return null;
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                {
                    throw new InputException($"--reference: {path}:{i + 1}: {name} \"{s}\" is not a number");
                }
                return v;
            }
            if (Get("model").Length == 0 || Get("suite").Length == 0) throw new InputException($"--reference: {path}:{i + 1}: model and suite must not be empty");
            var items = Get("items");
            var source = Get("source");
            list.Add(new ReferenceFigure(Get("model"), Get("suite"), items.Length == 0 ? null : items, Num("score", true)!.Value, Num("ci_low", false), Num("ci_high", false), source.Length == 0 ? "reference" : source));
        }
        return list;
    }

    /// <summary>One CSV line's fields (RFC 4180 quoting; a field does not span lines).</summary>
    private static List<string> Fields(string line, string path, int number)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        if (quoted) throw new InputException($"--reference: {path}:{number}: unclosed quote");
        fields.Add(sb.ToString());
        return fields;
    }
}
