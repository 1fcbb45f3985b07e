using System.Globalization;

namespace Attune.Suites;

/// <summary>
/// The values given for suite options (by name, without dashes), read with range checks; a bad value is an
/// <see cref="InputException"/> that names the option.
/// </summary>
public sealed class SuiteArguments
{
    private readonly IReadOnlyDictionary<string, string?> _values;

    /// <summary>Creates the arguments from name → value (null or absent: not given; <c>"true"</c> for a given flag).</summary>
    public SuiteArguments(IReadOnlyDictionary<string, string?> values) => _values = values;

    /// <summary>No arguments.</summary>
    public static SuiteArguments None { get; } = new(new Dictionary<string, string?>());

    /// <summary>The names given (with a value).</summary>
    public IEnumerable<string> Given => _values.Where(kv => kv.Value is not null).Select(kv => kv.Key);

    /// <summary>The text of an option, or null.</summary>
    public string? Text(string name) => _values.TryGetValue(name, out var v) ? v : null;

    /// <summary>True when a flag was given.</summary>
    public bool Flag(string name) => Text(name) is { } v && !string.Equals(v, "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>A whole number in [min, max], or <paramref name="fallback"/> when not given.</summary>
    public int Integer(string name, int fallback, int min, int max) => IntegerOrNull(name, min, max) ?? fallback;

    /// <summary>A whole number in [min, max], or null when not given.</summary>
    public int? IntegerOrNull(string name, int min, int max)
    {
        if (Text(name) is not { } text) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) throw new InputException($"--{name}: \"{text}\" is not a whole number");
        if (v < min || v > max) throw new InputException($"--{name}: must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
        return v;
    }

    /// <summary>A finite number in [min, max], or null when not given.</summary>
    public double? NumberOrNull(string name, double min, double max)
    {
        if (Text(name) is not { } text) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v)) throw new InputException($"--{name}: \"{text}\" is not a number");
        if (v < min || v > max) throw new InputException($"--{name}: must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
        return v;
    }
}
