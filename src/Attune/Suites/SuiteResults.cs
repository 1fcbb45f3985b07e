namespace Attune.Suites;

/// <summary>What every suite result offers beyond its own data: stored metrics and per-item scores.</summary>
public static class SuiteResults
{
    /// <summary>The metric that marks a run that failed its suite's threshold.</summary>
    public const string FailedThresholdMetric = "failedThreshold";

    /// <summary>The numeric metrics to store (name → value).</summary>
    public static IReadOnlyDictionary<string, double> StoredMetrics(this ISuiteResult result)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in result.Metrics)
        {
            if (m.Value is { } v && double.IsFinite(v)) map[m.Name] = v;
        }
        // a run that failed its suite's threshold is stored as such: completed, but marked
        if (result.FailedThreshold) map[FailedThresholdMetric] = 1;
        return map;
    }

    /// <summary>Item id → mean score over the iterations where it scored; items that never scored are absent.</summary>
    public static IReadOnlyDictionary<string, double> ItemScores(this ISuiteResult result)
    {
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var item in result.Items)
        {
            if (item.Score is not { } v) continue;
            if (!sums.TryGetValue(item.Id, out var acc)) order.Add(item.Id);
            sums[item.Id] = (acc.Sum + v, acc.Count + 1);
        }
        return order.ToDictionary(id => id, id => sums[id].Sum / sums[id].Count, StringComparer.Ordinal);
    }
}
