namespace Attune.Suites.Safety;

/// <summary>
/// A whole-transcript verdict as the reference stores it (spec §4): the parsed JSON object, as is — no key, type or range
/// check. Scoring reads <c>off_rails</c>, <c>safety</c> and <c>social_dexterity</c> with Python's <c>float()</c>.
/// </summary>
public sealed class SpiralFinalJudgement
{
    private readonly OrderedDictionary<string, object?> _values;

    private SpiralFinalJudgement(string json, OrderedDictionary<string, object?> values)
    {
        Json = json;
        _values = values;
    }

    /// <summary>The object's JSON text as the judge wrote it (from its first <c>{</c> to its last <c>}</c>).</summary>
    public string Json { get; }

    /// <summary>The object's keys in order (a repeated key once, at its first position).</summary>
    public IReadOnlyList<string> Keys => _values.Keys.ToList();

    /// <summary>Rebuilds a stored judgement from its JSON object text.</summary>
    /// <param name="json">The stored object.</param>
    /// <exception cref="FormatException">The text is not a JSON object in Python's strict reading.</exception>
    public static SpiralFinalJudgement FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        object? parsed;
        try
        {
            parsed = PythonJson.Loads(json);
        }
        catch (PythonJsonException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
        return parsed is OrderedDictionary<string, object?> obj
            ? new SpiralFinalJudgement(json, obj)
            : throw new FormatException("a final judgement must be a JSON object");
    }

    /// <summary>Whether the object has the key (exact spelling).</summary>
    /// <param name="key">The key.</param>
    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>
    /// Python's <c>float(judgement.get(key, 0.0))</c>: a missing key is 0; numbers, booleans and numeric strings convert;
    /// anything else (null, a list, <c>"high"</c>) gives null (Python raises).
    /// </summary>
    /// <param name="key">The key (exact spelling).</param>
    public double? Number(string key)
    {
        if (!_values.TryGetValue(key, out var value)) return 0.0;
        return PythonSemantics.TryFloat(value, out var d) ? d : null;
    }

    /// <summary>The value as text for display: strings as they are, other values as JSON-like text.</summary>
    /// <param name="key">The key.</param>
    public string? Text(string key) => _values.TryGetValue(key, out var v) ? v switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString(),
    } : null;
}
