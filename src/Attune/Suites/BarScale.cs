namespace Attune.Suites;

/// <summary>How to draw a bar for each row of a <see cref="ResultTable"/>.</summary>
/// <param name="Column">The column whose number gives the bar's length.</param>
/// <param name="Min">The scale's lower end (a negative value draws diverging bars around zero).</param>
/// <param name="Max">The scale's upper end.</param>
public sealed record BarScale(int Column, double Min, double Max);
