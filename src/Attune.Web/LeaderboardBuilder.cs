using System.Globalization;
using Attune.Running;
using Attune.Storage;
using Attune.Suites;
using Attune.Suites.Eq3;

namespace Attune.Web;

/// <summary>
/// Builds the leaderboard from the store: one column per suite and item set (scores on different items do not compare),
/// one per imported reference item set, and the eq3 rating ladder from the newest rating run; one row per model, each
/// cell the newest completed run in range with its headline score and interval; reference figures as labelled rows.
/// </summary>
internal static class LeaderboardBuilder
{
    private static int SuiteOrder(string suite)
    {
        for (int i = 0; i < SuiteRegistry.All.Count; i++)
        {
            if (SuiteRegistry.All[i].Name == suite) return i;
        }
        return suite == RatingRunner.SuiteName ? 3 : SuiteRegistry.All.Count;
    }

    /// <summary>How long a page waits for intervals that are not known yet.</summary>
    public static readonly TimeSpan IntervalBudget = TimeSpan.FromMilliseconds(150);

    /// <summary>A short name for an item set: the built-in name, or the file or folder name.</summary>
    public static string ItemSetName(string itemSet) => itemSet.StartsWith("builtin:", StringComparison.Ordinal) ? itemSet : Path.GetFileName(itemSet.TrimEnd('/', '\\'));

    /// <summary>The column key of a run: its suite and the start of its item-set hash.</summary>
    public static string KeyOf(RunRecord run) => $"{run.Suite}@{run.ItemSetHash[..Math.Min(12, run.ItemSetHash.Length)]}";

    public static async Task<Leaderboard> BuildAsync(DashboardState state, RunCatalog catalog, LeaderboardQuery query, CancellationToken ct)
    {
        var runs = await catalog.Store.ListRunsAsync(ct).ConfigureAwait(false);
        var completed = runs.Where(r => r.Status == RunStatus.Completed && query.InRange(r.StartedAt)).ToList(); // newest first
        var scored = completed.Where(r => r.Suite != RatingRunner.SuiteName && r.Score is { } s && double.IsFinite(s)).ToList();
        var columns = scored
            .GroupBy(r => (r.Suite, r.ItemSetHash))
            .Select(g => new LeaderboardColumn(KeyOf(g.First()), g.Key.Suite, g.First().ItemSet, ItemSetName(g.First().ItemSet)))
            .ToList();
        var references = state.Reference.Figures;
        var referenceColumns = new Dictionary<ReferenceFigure, List<LeaderboardColumn>>();
        foreach (var f in references.Where(f => f.Suite != RatingRunner.SuiteName))
        {
            var matching = columns.Where(c => c.Suite == f.Suite && (f.Items is null || f.Items == c.Caption || f.Items == c.ItemSet)).ToList();
            if (matching.Count == 0)
            {
                var key = $"{f.Suite}@ref:{f.Items ?? "*"}";
                var own = columns.FirstOrDefault(c => c.Key == key);
                if (own is null) columns.Add(own = new LeaderboardColumn(key, f.Suite, f.Items ?? "", f.Items ?? "reference figures"));
                matching.Add(own);
            }
            referenceColumns[f] = matching;
        }
        var rating = completed.FirstOrDefault(r => r.Suite == RatingRunner.SuiteName);
        if (rating is not null || references.Any(f => f.Suite == RatingRunner.SuiteName))
        {
            columns.Add(new LeaderboardColumn(LeaderboardColumn.RatingKey, RatingRunner.SuiteName, rating is null ? "" : ItemSetName(rating.ItemSet), "Elo (pairwise)"));
        }
        columns = [.. columns.OrderBy(c => SuiteOrder(c.Suite)).ThenBy(c => c.Suite, StringComparer.Ordinal).ThenBy(c => c.Caption, StringComparer.Ordinal)];
        var visible = query.Items is null ? columns : columns.Where(c => c.Key == query.Items || (c.IsRating && query.Items == c.Key)).ToList();

        var rows = new Dictionary<string, LeaderboardRow>(StringComparer.Ordinal);
        LeaderboardRow Row(string model) => rows.TryGetValue(model, out var r) ? r : rows[model] = new LeaderboardRow(model, null, []);
        // intervals come from scoring each cell's run; known ones are kept, missing ones are scored in the background and
        // the page waits for them at most IntervalBudget (a cell still waiting says so)
        var cells = new List<(LeaderboardColumn Column, string Model, RunRecord Run, int Runs)>();
        foreach (var column in visible.Where(c => !c.IsRating))
        {
            foreach (var group in scored.Where(r => KeyOf(r) == column.Key).GroupBy(r => r.Model)) cells.Add((column, group.Key, group.First(), group.Count()));
        }
        var pending = new Dictionary<long, Task<SuiteMetric?>>();
        foreach (var (_, _, run, _) in cells)
        {
            if (!state.Scores.TryHeadline(run, out _) && !pending.ContainsKey(run.Id)) pending[run.Id] = state.Scores.HeadlineAsync(run);
        }
        if (pending.Count > 0)
        {
            try
            {
                await Task.WhenAll(pending.Values).WaitAsync(IntervalBudget, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // the rest arrive in the background
            }
            catch (InputException)
            {
                // a run whose items changed: its cell has no interval
            }
        }
        foreach (var (column, model, run, count) in cells)
        {
            SuiteMetric? headline = null;
            bool waiting = false;
            if (!state.Scores.TryHeadline(run, out headline) && pending.TryGetValue(run.Id, out var task))
            {
                if (task.IsCompletedSuccessfully) headline = task.Result;
                else waiting = !task.IsCompleted;
            }
            Row(model).Cells[column.Key] = new LeaderboardCell(run.Score!.Value, headline?.Lower, headline?.Upper, run.Id, count, waiting);
        }
        if (rating is not null && visible.Any(c => c.IsRating))
        {
            foreach (var (name, elo) in rating.Metrics.Where(m => m.Key.StartsWith("elo:", StringComparison.Ordinal)).Select(m => (m.Key[4..], m.Value)))
            {
                var model = rows.Keys.FirstOrDefault(m => m == name) ?? rows.Keys.FirstOrDefault(m => Eq3Rater.LogicalName(m) == name)
                    ?? scored.Select(r => r.Model).FirstOrDefault(m => m == name || Eq3Rater.LogicalName(m) == name) ?? name;
                double? lo = rating.Metrics.TryGetValue("ciLow:" + name, out var l) ? l : null;
                double? hi = rating.Metrics.TryGetValue("ciHigh:" + name, out var h) ? h : null;
                Row(model).Cells[LeaderboardColumn.RatingKey] = new LeaderboardCell(elo, lo, hi, rating.Id, 1);
            }
        }
        var list = rows.Values.Where(r => r.Cells.Count > 0).ToList();
        foreach (var group in references.GroupBy(f => (f.Model, f.Source)))
        {
            var row = new LeaderboardRow(group.Key.Model, group.Key.Source, []);
            foreach (var f in group)
            {
                var targets = f.Suite == RatingRunner.SuiteName ? visible.Where(c => c.IsRating) : referenceColumns[f].Where(visible.Contains);
                foreach (var c in targets) row.Cells[c.Key] = new LeaderboardCell(f.Score, f.Lower, f.Upper, null, 0);
            }
            if (row.Cells.Count > 0) list.Add(row);
        }
        var sortKey = query.Sort is { } s2 && (s2 == "model" || visible.Any(c => c.Key == s2)) ? s2 : visible.FirstOrDefault()?.Key ?? "model";
        bool descending = query.Sort is null ? sortKey != "model" : query.Descending;
        list.Sort((a, b) =>
        {
            if (sortKey == "model")
            {
                int byName = string.Compare(a.Model, b.Model, StringComparison.OrdinalIgnoreCase);
                return descending ? -byName : byName;
            }
            bool ha = a.Cells.TryGetValue(sortKey, out var ca), hb = b.Cells.TryGetValue(sortKey, out var cb);
            if (ha != hb) return ha ? -1 : 1; // rows without a figure go last either way
            int cmp = ha ? ca!.Value.CompareTo(cb!.Value) : 0;
            if (descending) cmp = -cmp;
            return cmp != 0 ? cmp : string.Compare(a.Model, b.Model, StringComparison.OrdinalIgnoreCase);
        });
        return new Leaderboard(visible, columns, list, query with { Descending = descending }, sortKey, [.. pending.Values.Where(t => !t.IsCompleted)]);
    }

    public static string Format(double v) => v.ToString(Math.Abs(v) >= 1000 ? "0" : "0.00", CultureInfo.InvariantCulture);
}
