namespace Attune.Suites;

/// <summary>
/// A suite-specific breakdown of a result (per iteration, per emotion, per category, per criterion), as data: every
/// writer (terminal, Markdown, HTML, the dashboard) renders it without knowing the suite.
/// </summary>
/// <param name="Title">Heading.</param>
/// <param name="Columns">Column headings.</param>
/// <param name="Rows">Cells as text, one list per row.</param>
/// <param name="Note">One line that explains the table, when needed.</param>
/// <param name="Bars">When set, the writers draw a bar per row from this column's number, on this scale.</param>
public sealed record ResultTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string? Note = null, BarScale? Bars = null);
