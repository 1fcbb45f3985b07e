using Attune.Suites;

namespace Attune.Web;

/// <summary>
/// A scored result whose figures are computed once: some suites compute their metrics (bootstrap intervals) or items
/// every time they are read, and a page reads them several times.
/// </summary>
internal sealed class MemoizedResult(ISuiteResult inner) : ISuiteResult
{
    private readonly Lazy<IReadOnlyList<SuiteMetric>> _metrics = new(() => inner.Metrics);
    private readonly Lazy<IReadOnlyList<ItemRow>> _items = new(() => [.. inner.Items]); // a result may build its rows each time they are read
    private readonly Lazy<IReadOnlyList<ResultTable>> _tables = new(() => inner.Tables);
    private readonly Lazy<IReadOnlyList<string>> _notes = new(() => inner.Notes);

    public static ISuiteResult Of(ISuiteResult result) => result as MemoizedResult ?? new MemoizedResult(result);

    public string Suite => inner.Suite;

    public double Score => inner.Score;

    public bool FailedThreshold => inner.FailedThreshold;

    public IReadOnlyList<SuiteMetric> Metrics => _metrics.Value;

    public IReadOnlyList<ItemRow> Items => _items.Value;

    public IReadOnlyList<ResultTable> Tables => _tables.Value;

    public IReadOnlyList<string> Notes => _notes.Value;

    public void WriteJson(Stream stream, ResultContext context) => inner.WriteJson(stream, context);
}
