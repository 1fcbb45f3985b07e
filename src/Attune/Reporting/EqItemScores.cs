using Attune.Suites.Eq;

namespace Attune.Reporting;

/// <summary>
/// Per-question scores on the benchmark's 0–100 scale: in each iteration the pass the 0.95 rule chose (first or
/// revised), averaged over the iterations where the question scored. Their mean over questions is the benchmark score
/// when every question scored in every iteration; bootstrap intervals and paired comparisons resample them.
/// </summary>
public static class EqItemScores
{
    /// <summary>Question id → score (0–100 scale); questions that never scored are absent.</summary>
    public static IReadOnlyDictionary<string, double> Of(EqSuiteScore score)
    {
        var revisedChosen = score.Iterations.ToDictionary(i => i.Iteration, i => i.RevisedScore >= i.FirstPassScore && i.RevisedParseable >= 0.95 * i.FirstPassParseable);
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var item in score.Items)
        {
            if (!item.Stored) continue;
            bool revised = revisedChosen.GetValueOrDefault(item.Iteration);
            double? v = score.Version == EqVersion.V1
                ? (revised ? item.RevisedScoreV1 : item.FirstPassScoreV1)
                : (revised ? item.RevisedScore : item.FirstPassScore);
            if (v is not { } value) continue;
            if (!sums.TryGetValue(item.Id, out var acc)) order.Add(item.Id);
            sums[item.Id] = (acc.Sum + (value * 10), acc.Count + 1);
        }
        return order.ToDictionary(id => id, id => sums[id].Sum / sums[id].Count, StringComparer.Ordinal);
    }
}
