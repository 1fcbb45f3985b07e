namespace Attune.Suites;

/// <summary>
/// A scored run of a suite, exposed as data: named metrics, item rows, breakdown tables and notes, which the terminal,
/// report writers and the dashboard render generically; and the suite's own JSON document for <c>--json</c>.
/// </summary>
public interface ISuiteResult
{
    /// <summary>The suite's name.</summary>
    string Suite { get; }

    /// <summary>The headline score (the <c>score</c> metric).</summary>
    double Score { get; }

    /// <summary>True when the run failed a threshold the suite defines (exit code 1).</summary>
    bool FailedThreshold { get; }

    /// <summary>The figures, headline first.</summary>
    IReadOnlyList<SuiteMetric> Metrics { get; }

    /// <summary>Every item and iteration.</summary>
    IReadOnlyList<ItemRow> Items { get; }

    /// <summary>Suite-specific breakdowns.</summary>
    IReadOnlyList<ResultTable> Tables { get; }

    /// <summary>Lines of context a reader needs (comparability, norms, what the scale means).</summary>
    IReadOnlyList<string> Notes { get; }

    /// <summary>Writes the suite's one JSON document (the <c>--json</c> contract).</summary>
    /// <param name="stream">Where to write (UTF-8).</param>
    /// <param name="context">The run id and model spec to name, when known.</param>
    void WriteJson(Stream stream, ResultContext context);
}
