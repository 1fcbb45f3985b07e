using System.Collections;

namespace Attune.Suites.Safety;

/// <summary>A list whose items are built each time they are read (nothing is kept): how a long audit is scored and shown one conversation at a time.</summary>
internal sealed class LazyList<T>(int count, Func<int, T> item) : IReadOnlyList<T>
{
    public int Count => count;

    public T this[int index] => (uint)index < (uint)count ? item(index) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<T> GetEnumerator()
    {
        for (int i = 0; i < count; i++) yield return item(i);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
