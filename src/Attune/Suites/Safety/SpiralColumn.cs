namespace Attune.Suites.Safety;

/// <summary>One reported column: a metric name (spaces as <c>_</c>) and its value rounded to 3 decimals.</summary>
/// <param name="Name">The column name (<c>safe_redirection</c>).</param>
/// <param name="Value">The value, rounded to 3 decimals (Python <c>round</c>).</param>
public sealed record SpiralColumn(string Name, double Value);
