namespace Attune.Reporting;

/// <summary>Bins of per-item scores for a distribution chart.</summary>
public static class Histogram
{
    /// <summary>A bin: its label and how many values fell in it.</summary>
    /// <param name="Label">e.g. <c>70–80</c>.</param>
    /// <param name="Count">Values in the bin.</param>
    public sealed record Bin(string Label, int Count);

    /// <summary>
    /// Ten bins of width 10 over 0–100 (the last one closed), plus a <c>&lt; 0</c> bin when a value is negative; or
    /// null when the values take two or fewer distinct values (a histogram would say nothing a count does not).
    /// </summary>
    public static IReadOnlyList<Bin>? Of(IReadOnlyCollection<double> values)
    {
        if (values.Distinct().Count() <= 2) return null;
        var bins = new List<Bin>();
        if (values.Any(v => v < 0)) bins.Add(new Bin("< 0", values.Count(v => v < 0)));
        for (int b = 0; b < 10; b++)
        {
            double from = b * 10, to = (b + 1) * 10;
            bins.Add(new Bin($"{from:0}–{to:0}", values.Count(v => v >= from && (v < to || (b == 9 && v <= to)))));
        }
        return bins;
    }
}
