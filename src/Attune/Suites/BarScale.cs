namespace Attune.Suites;

/// <summary>How to draw a bar for each row of a <see cref="ResultTable"/>.</summary>
/// <param name="Column">The column whose number gives the bar's length.</param>
/// <param name="Min">The scale's lower end (a negative value draws diverging bars around zero).</param>
/// <param name="Max">The scale's upper end.</param>
/// <param name="Low">When set with <paramref name="High"/>, the column of an interval's lower bound: the writers draw the interval as a whisker around the value.</param>
/// <param name="High">The column of the interval's upper bound.</param>
public sealed record BarScale(int Column, double Min, double Max, int? Low = null, int? High = null)
{
    /// <summary>A row's value and, when the scale has interval columns, its bounds; null when the value is not a number.</summary>
    /// <param name="row">The row's cells.</param>
    public (double Value, double? Low, double? High)? Read(IReadOnlyList<string> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        static double? Number(IReadOnlyList<string> r, int? c) =>
            c is { } i && i < r.Count && double.TryParse(r[i].TrimEnd('%').Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
        return Number(row, Column) is { } value ? (value, Number(row, Low), Number(row, High)) : null;
    }

    /// <summary>Where a number falls on the scale, from 0 to 1 (clamped).</summary>
    /// <param name="value">The number.</param>
    public double Position(double value) => Math.Clamp((value - Min) / (Max - Min), 0, 1);
}
