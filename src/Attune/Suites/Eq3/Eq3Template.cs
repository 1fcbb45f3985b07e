using System.Text;

namespace Attune.Suites.Eq3;

/// <summary>
/// Python <c>str.format</c> for the data templates: <c>{name}</c> fields from a fixed set, <c>{{</c> and <c>}}</c> as
/// literal braces, substituted values never re-scanned. Templates are checked when the data folder is loaded.
/// </summary>
internal static class Eq3Template
{
    /// <summary>Throws an <see cref="InputException"/> naming file and line if the template uses a field outside <paramref name="allowed"/> or has a stray brace.</summary>
    public static void Validate(string template, string path, params string[] allowed) => Scan(template, allowed, null, path);

    /// <summary>Fills a validated template with the given values.</summary>
    public static string Fill(string template, params (string Name, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        var sb = new StringBuilder(template.Length + values.Sum(v => v.Value.Length));
        Scan(template, [.. map.Keys], (map, sb), "template");
        return sb.ToString();
    }

    private static void Scan(string template, string[] allowed, (Dictionary<string, string> Values, StringBuilder Output)? fill, string path)
    {
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '{')
            {
                if (i + 1 < template.Length && template[i + 1] == '{')
                {
                    fill?.Output.Append('{');
                    i++;
                    continue;
                }
                int close = template.IndexOf('}', i + 1);
                if (close < 0) throw Bad(path, template, i, "single '{' encountered in format string");
                string field = template[(i + 1)..close];
                if (!allowed.Contains(field, StringComparer.Ordinal))
                    throw Bad(path, template, i, $"unknown placeholder {{{field}}} (allowed: {string.Join(", ", allowed.Select(a => "{" + a + "}"))})");
                fill?.Output.Append(fill.Value.Values[field]);
                i = close;
            }
            else if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}')
                {
                    fill?.Output.Append('}');
                    i++;
                    continue;
                }
                throw Bad(path, template, i, "single '}' encountered in format string");
            }
            else
            {
                fill?.Output.Append(c);
            }
        }
    }

    private static InputException Bad(string path, string template, int index, string what)
    {
        int line = 1;
        for (int k = 0; k < index; k++) if (template[k] == '\n') line++;
        return new InputException($"{path}:{line}: {what}");
    }
}
