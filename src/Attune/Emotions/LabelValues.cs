using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Attune.Emotions;

/// <summary>
/// One value per label of a taxonomy, read as a dictionary in the taxonomy's label order, over an array the caller gives
/// up: building an ordered dictionary per estimate cost as much as the fast tier's featurizing and predicting together.
/// </summary>
internal sealed class LabelValues(Taxonomy taxonomy, double[] values) : IReadOnlyDictionary<string, double>
{
    public double this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"Taxonomy '{taxonomy.Name}' has no label '{key}'.");

    public IEnumerable<string> Keys => taxonomy.Labels;

    public IEnumerable<double> Values => values;

    public int Count => values.Length;

    public bool ContainsKey(string key) => taxonomy.IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        int index = taxonomy.IndexOf(key);
        value = index >= 0 ? values[index] : 0;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (int i = 0; i < values.Length; i++) yield return new KeyValuePair<string, double>(taxonomy.Labels[i], values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
