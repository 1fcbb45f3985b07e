namespace Attune.Statistics;

/// <summary>
/// Classical item analysis over several respondents (models and iterations): per-item difficulty with a bootstrap 95%
/// CI, corrected item–total point-biserial discrimination, option choice counts, and the test's KR-20 (Cronbach's α for
/// right/wrong items). Respondents who did not answer every item are scored on the items they answered.
/// </summary>
/// <param name="Respondents">The respondents, in first-seen order.</param>
/// <param name="Items">Per-item figures, in first-seen order.</param>
/// <param name="Kr20">KR-20 over respondents who answered every item; NaN when fewer than two such respondents or no variance.</param>
/// <param name="MeanScore">Mean proportion correct over all answers.</param>
public sealed record ItemAnalysis(IReadOnlyList<string> Respondents, IReadOnlyList<ItemStatistic> Items, double Kr20, double MeanScore)
{
    /// <summary>p above this flags an item as too easy.</summary>
    public const double TooEasy = 0.95;

    /// <summary>p below this flags an item as too hard.</summary>
    public const double TooHard = 0.2;

    /// <summary>Analyses responses.</summary>
    public static ItemAnalysis Compute(IReadOnlyList<ItemResponse> responses, int seed = 42)
    {
        var respondents = responses.Select(r => r.Respondent).Distinct(StringComparer.Ordinal).ToList();
        var items = responses.Select(r => r.Item).Distinct(StringComparer.Ordinal).ToList();
        var score = new Dictionary<(string Respondent, string Item), ItemResponse>();
        foreach (var r in responses) score[(r.Respondent, r.Item)] = r;
        var totals = respondents.ToDictionary(p => p, p => items.Count(i => score.TryGetValue((p, i), out var x) && x.Correct), StringComparer.Ordinal);

        var stats = new List<ItemStatistic>();
        foreach (var item in items)
        {
            var answered = respondents.Where(p => score.ContainsKey((p, item))).ToList();
            var x = answered.Select(p => score[(p, item)].Correct ? 1.0 : 0.0).ToList();
            var rest = answered.Select(p => (double)(totals[p] - (score[(p, item)].Correct ? 1 : 0))).ToList();
            double p = x.Average();
            var (lo, hi) = Bootstrap.MeanInterval(x, seed: seed);
            double r = Correlation(x, rest);
            var choices = answered.GroupBy(q => score[(q, item)].Chosen).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
            var flags = new List<string>();
            if (p > TooEasy) flags.Add("too-easy");
            if (p < TooHard) flags.Add("too-hard");
            if (double.IsNaN(r)) flags.Add("no-variance");
            else if (r < 0) flags.Add("negative-discrimination");
            stats.Add(new ItemStatistic(item, answered.Count, p, lo, hi, r, choices, flags));
        }

        var complete = respondents.Where(p => items.All(i => score.ContainsKey((p, i)))).ToList();
        double kr20 = double.NaN;
        if (complete.Count >= 2 && items.Count >= 2)
        {
            var t = complete.Select(p => (double)totals[p]).ToList();
            double mean = t.Average();
            double variance = t.Sum(v => (v - mean) * (v - mean)) / t.Count;
            double pq = items.Sum(i =>
            {
                double pi = complete.Count(p => score[(p, i)].Correct) / (double)complete.Count;
                return pi * (1 - pi);
            });
            if (variance > 0) kr20 = items.Count / (items.Count - 1.0) * (1 - (pq / variance));
        }
        double meanScore = responses.Count == 0 ? double.NaN : responses.Count(r => r.Correct) / (double)responses.Count;
        return new ItemAnalysis(respondents, stats, kr20, meanScore);
    }

    /// <summary>Pearson correlation (the point-biserial when one variable is 0/1); NaN when either has no variance.</summary>
    public static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count < 2) return double.NaN;
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
