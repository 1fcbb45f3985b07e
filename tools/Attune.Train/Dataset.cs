using Attune.Emotions;

namespace Attune.Train;

/// <summary>A GoEmotions split: texts, their label sets and comment ids, and their features in compressed rows.</summary>
internal sealed class Dataset
{
    private Dataset(string[] texts, bool[][] labels, string[] ids)
    {
        Texts = texts;
        Labels = labels;
        Ids = ids;
    }

    public string[] Texts { get; }

    /// <summary>For each text, one flag per label.</summary>
    public bool[][] Labels { get; }

    public string[] Ids { get; }

    public int Count => Texts.Length;

    public int[] Offsets { get; private set; } = [];

    public int[] Buckets { get; private set; } = [];

    public float[] Values { get; private set; } = [];

    /// <summary>Reads a GoEmotions TSV file (text, comma-separated label ids, comment id) with the library's reader.</summary>
    public static Dataset Read(string path, int labelCount)
    {
        var rows = GoEmotionsTsv.ReadLabelled(path);
        var labels = new bool[rows.Count][];
        for (int i = 0; i < rows.Count; i++)
        {
            labels[i] = new bool[labelCount];
            foreach (int k in rows[i].LabelIds)
            {
                labels[i][k] = true;
            }
        }

        return new Dataset([.. rows.Select(r => r.Text)], labels, [.. rows.Select(r => r.Id)]);
    }

    /// <summary>Featurizes every text into compressed rows.</summary>
    public void Featurize(HashedFeaturizer featurizer)
    {
        var features = new SparseFeatures();
        var offsets = new int[Count + 1];
        var buckets = new List<int>(Count * 200);
        var values = new List<float>(Count * 200);
        for (int i = 0; i < Count; i++)
        {
            featurizer.Featurize(Texts[i].AsSpan(), features);
            buckets.AddRange(features.Buckets);
            values.AddRange(features.Values);
            offsets[i + 1] = buckets.Count;
        }

        Offsets = offsets;
        Buckets = buckets.ToArray();
        Values = values.ToArray();
    }

    /// <summary>The rows given, as a dataset of their own (features included when this one is featurized).</summary>
    public Dataset Subset(IReadOnlyList<int> rows)
    {
        var subset = new Dataset(rows.Select(i => Texts[i]).ToArray(), rows.Select(i => Labels[i]).ToArray(), rows.Select(i => Ids[i]).ToArray());
        if (Offsets.Length == Count + 1)
        {
            var offsets = new int[rows.Count + 1];
            var buckets = new List<int>();
            var values = new List<float>();
            for (int r = 0; r < rows.Count; r++)
            {
                buckets.AddRange(RowBuckets(rows[r]).ToArray());
                values.AddRange(RowValues(rows[r]).ToArray());
                offsets[r + 1] = buckets.Count;
            }

            subset.Offsets = offsets;
            subset.Buckets = buckets.ToArray();
            subset.Values = values.ToArray();
        }

        return subset;
    }

    public ReadOnlySpan<int> RowBuckets(int i) => Buckets.AsSpan(Offsets[i], Offsets[i + 1] - Offsets[i]);

    public ReadOnlySpan<float> RowValues(int i) => Values.AsSpan(Offsets[i], Offsets[i + 1] - Offsets[i]);

    /// <summary>Splits the indices in two halves by a stable hash of the comment id.</summary>
    public (int[] A, int[] B) SplitHalves()
    {
        var a = new List<int>();
        var b = new List<int>();
        for (int i = 0; i < Count; i++)
        {
            ulong h = 14695981039346656037UL;
            foreach (char c in Ids[i])
            {
                h ^= c;
                h *= 1099511628211UL;
            }

            h ^= h >> 29;
            h *= 0xBF58476D1CE4E5B9UL;
            h ^= h >> 32;
            ((h & 1) == 0 ? a : b).Add(i);
        }

        return (a.ToArray(), b.ToArray());
    }
}
