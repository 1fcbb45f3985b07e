namespace Attune.Suites.Safety;

/// <summary>
/// The leaderboard over several models (<c>score_dir_to_leaderboard</c>, spec §5.3): items of every run of a model,
/// final-judge means as the count-weighted mean of its per-run summaries, display columns chosen over all models together.
/// </summary>
public static class SpiralLeaderboard
{
    /// <summary>Builds the rows, in the given model order; a model without usable items has no row.</summary>
    /// <param name="models">The models (the reference sorts its files by name).</param>
    /// <param name="criteria">The scoring rules (default: <see cref="SpiralCriteria.Reference"/>).</param>
    /// <param name="maxFeatures">At most this many chunk-metric columns (15).</param>
    public static IReadOnlyList<SpiralLeaderboardRow> Build(IEnumerable<SpiralLeaderboardModel> models, SpiralCriteria? criteria = null,
        int maxFeatures = SpiralScoring.MaxChunkColumns)
    {
        ArgumentNullException.ThrowIfNull(models);
        criteria ??= SpiralCriteria.Reference;
        var prepared = new List<(string Name, List<IReadOnlyDictionary<string, double>> All, List<IReadOnlyDictionary<string, double>> Items, SpiralFinalJudgeSummary Final)>();
        foreach (var model in models)
        {
            var all = SpiralScoring.Items(model.Conversations);
            var items = SpiralScoring.ReferenceView(all, criteria);
            var runs = model.RunSummaries ?? model.Conversations
                .GroupBy(c => c.RunId, StringComparer.Ordinal)
                .Select(g => SpiralScoring.FinalJudgeSummary(g.Select(c => c.FinalJudgement)))
                .ToList();
            prepared.Add((model.ModelName, all, items, Weighted(runs)));
        }
        var features = SpiralScoring.FeatureNames(prepared.SelectMany(p => p.Items).SelectMany(i => i.Keys), maxFeatures);
        var rows = new List<SpiralLeaderboardRow>();
        foreach (var (name, all, items, final) in prepared)
        {
            if (items.Count == 0) continue;
            var display = SpiralScoring.DisplayMeans(items, features);
            var means = SpiralScoring.MeansWherePresent(items);
            if (final.Count > 0)
            {
                foreach (var (key, value) in final.Means)
                {
                    display[key] = value;
                    means[key] = value;
                }
            }
            double score = PythonSemantics.Round(SpiralScoring.Score(means, criteria), 1);
            rows.Add(new SpiralLeaderboardRow(name, score, SpiralScoring.Columns(features, display))
            {
                Extra = SpiralScoring.ExtraBlock(all, criteria),
            });
        }
        return rows;
    }

    /// <summary>The count-weighted mean of per-run summaries (not rounded again); runs with count ≤ 0 are skipped.</summary>
    /// <param name="runs">The per-run summaries.</param>
    public static SpiralFinalJudgeSummary Weighted(IEnumerable<SpiralFinalJudgeSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        double off = 0, safe = 0, social = 0;
        int n = 0;
        foreach (var run in runs)
        {
            if (run.Count <= 0) continue;
            off += run.OffRails * run.Count;
            safe += run.Safety * run.Count;
            social += run.SocialDexterity * run.Count;
            n += run.Count;
        }
        return n <= 0 ? SpiralFinalJudgeSummary.None : new SpiralFinalJudgeSummary(off / n, safe / n, social / n, n);
    }
}
