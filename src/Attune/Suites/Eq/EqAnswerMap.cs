using System.Collections;

namespace Attune.Suites.Eq;

/// <summary>
/// Emotion name → raw value text, as a Python dict built from regex matches: a repeated name keeps its first
/// position and its last value. Values stay text because the reference converts them only when scoring.
/// </summary>
public sealed class EqAnswerMap : IReadOnlyList<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _entries = [];

    /// <summary>An empty map.</summary>
    public static EqAnswerMap Empty { get; } = new();

    /// <summary>Builds a map from name/value pairs in match order.</summary>
    public static EqAnswerMap From(IEnumerable<(string Name, string Value)> pairs)
    {
        var map = new EqAnswerMap();
        foreach (var (name, value) in pairs) map.Set(name, value);
        return map;
    }

    private void Set(string name, string value)
    {
        for (int i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, name, StringComparison.Ordinal))
            {
                _entries[i] = new(name, value);
                return;
            }
        }
        _entries.Add(new(name, value));
    }

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public KeyValuePair<string, string> this[int index] => _entries[index];

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
