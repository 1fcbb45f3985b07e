using System.Globalization;

namespace Attune.Train;

/// <summary>Minimal <c>--name value</c> / <c>--flag</c> command-line parsing.</summary>
internal sealed class Arguments
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "verbose" };
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public static Arguments Parse(string[] args)
    {
        var result = new Arguments();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            string name = args[i][2..];
            if (Flags.Contains(name))
            {
                result._values[name] = "true";
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Option --{name} needs a value.");
            }

            result._values[name] = args[++i];
        }

        return result;
    }

    public string Required(string name) =>
        Optional(name) ?? throw new ArgumentException($"Missing required option --{name}.");

    public string? Optional(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out string? value) ? value : null;
    }

    /// <summary>Throws when an option was given that nothing asked for (a typo would otherwise be ignored).</summary>
    public void ThrowIfUnused()
    {
        string[] unknown = _values.Keys.Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }
    }

    public bool Flag(string name) => Optional(name) is not null;

    public int Int(string name, int fallback) =>
        Optional(name) is { } s
            ? int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw new ArgumentException($"--{name}: '{s}' is not an integer.")
            : fallback;

    public float Float(string name, float fallback) =>
        Optional(name) is { } s
            ? float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) ? v : throw new ArgumentException($"--{name}: '{s}' is not a number.")
            : fallback;
}
