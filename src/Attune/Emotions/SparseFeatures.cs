using System.Runtime.CompilerServices;

namespace Attune.Emotions;

/// <summary>
/// A reusable sparse feature vector: parallel lists of hash buckets and values. A bucket may appear more than once;
/// its values then add up. Not thread-safe: use one instance per thread.
/// </summary>
public sealed class SparseFeatures
{
    private int[] _buckets;
    private float[] _values;
    private byte[] _groups;

    /// <summary>Creates an empty vector.</summary>
    /// <param name="capacity">The initial capacity.</param>
    public SparseFeatures(int capacity = 512)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _buckets = new int[capacity];
        _values = new float[capacity];
        _groups = new byte[capacity];
    }

    /// <summary>The number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>The buckets of the entries.</summary>
    public ReadOnlySpan<int> Buckets => _buckets.AsSpan(0, Count);

    /// <summary>The values of the entries, parallel to <see cref="Buckets"/>.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count);

    /// <summary>Removes every entry.</summary>
    public void Clear() => Count = 0;

    /// <summary>Appends an entry.</summary>
    /// <param name="bucket">The bucket (non-negative).</param>
    /// <param name="value">The value.</param>
    public void Add(int bucket, float value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        Append(bucket, 0);
        _values[Count - 1] = value;
    }

    /// <summary>Appends an entry of a feature group; its value is set later by <see cref="SetGroupValues"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Append(int bucket, byte group)
    {
        if (Count == _buckets.Length)
        {
            Grow();
        }

        _buckets[Count] = bucket;
        _groups[Count] = group;
        Count++;
    }

    private void Grow()
    {
        int size = _buckets.Length * 2;
        Array.Resize(ref _buckets, size);
        Array.Resize(ref _values, size);
        Array.Resize(ref _groups, size);
    }

    /// <summary>Sets the value of every entry from the per-group value table, indexed by group.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void SetGroupValues(ReadOnlySpan<float> valueByGroup)
    {
        for (int i = 0; i < Count; i++)
        {
            _values[i] = valueByGroup[_groups[i]];
        }
    }

    /// <summary>The group of every entry, parallel to <see cref="Buckets"/>.</summary>
    internal ReadOnlySpan<byte> Groups => _groups.AsSpan(0, Count);
}
