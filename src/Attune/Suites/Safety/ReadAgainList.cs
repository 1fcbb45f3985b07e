using System.Collections;

namespace Attune.Suites.Safety;

/// <summary>
/// A list whose items are read again (from a file) every time it is enumerated and never kept, so a result over
/// thousands of audited conversations holds their texts only while one of them is being read or written.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="count">How many items a read gives.</param>
/// <param name="read">Reads the items.</param>
internal sealed class ReadAgainList<T>(int count, Func<IReadOnlyList<T>> read) : IReadOnlyList<T>
{
    public int Count => count;

    public T this[int index] => read()[index];

    public IEnumerator<T> GetEnumerator() => read().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
