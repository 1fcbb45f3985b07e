using System.Text;
using Attune.Running;
using Attune.Storage;
using Attune.Suites;
using static Attune.Web.Html;

namespace Attune.Web;

/// <summary>Runs side by side: figures, the paired test of <c>attune runs compare</c> against the first run, per-item differences and a scatter of item scores.</summary>
internal static class ComparePage
{
    /// <summary>A run to compare, scored (or why it could not be).</summary>
    public sealed record Entry(RunRecord Run, ISuiteResult? Result, string? Problem);

    /// <summary>A run against the first one (or why they cannot be paired).</summary>
    public sealed record Pairing(RunRecord Other, RunComparison? Comparison, string? Problem);

    public const int MaxItemRows = 300;

    public static string Render(string idsText, IReadOnlyList<Entry> entries, IReadOnlyList<Pairing> pairings, string? problem)
    {
        var sb = new StringBuilder("<h1>Compare runs</h1>");
        sb.Append("<form class=\"filters\" method=\"get\" action=\"/compare\" aria-label=\"Choose runs\">")
          .Append(Input("runs", "runs", "Run ids, comma-separated (the first is the baseline)", "text", idsText, "inputmode=\"numeric\" pattern=\"[0-9, ]*\""))
          .Append("<div class=\"actions\"><button type=\"submit\">Compare</button></div></form>");
        if (problem is not null) sb.Append("<p class=\"warning\" role=\"alert\">").Append(H(problem)).Append("</p>");
        if (entries.Count < 2)
        {
            sb.Append("<p class=\"note\">Choose two or more runs: tick them on the <a href=\"/runs\">Runs</a> page, or type their ids above.</p>");
            return sb.ToString();
        }
        sb.Append(SideBySide(entries));
        sb.Append("<section id=\"paired\"><h2>Paired test against run ").Append(I(entries[0].Run.Id)).Append("</h2>");
        sb.Append("<p class=\"note\">B − A over the items both runs scored: mean item difference with a bootstrap 95% CI, and a two-sided paired sign-flip permutation test (as <code>attune runs compare</code>).</p>");
        sb.Append("<div class=\"tablewrap\"><table id=\"paired-table\"><thead><tr><th scope=\"col\">B</th><th scope=\"col\">score A → B</th><th scope=\"col\">difference</th><th scope=\"col\">paired items</th><th scope=\"col\">mean item difference</th><th scope=\"col\">95% CI</th><th scope=\"col\">p</th><th scope=\"col\">better in B / A</th></tr></thead><tbody>");
        foreach (var p in pairings)
        {
            sb.Append("<tr><th scope=\"row\"><a href=\"/runs/").Append(I(p.Other.Id)).Append("\">run ").Append(I(p.Other.Id)).Append("</a> ").Append(H(p.Other.Model)).Append("</th>");
            if (p.Comparison is { } c)
            {
                sb.Append("<td>").Append(F(c.ScoreA)).Append(" → ").Append(F(c.ScoreB)).Append("</td><td class=\"num\">").Append(F(c.Difference, "+0.00;-0.00;0.00")).Append("</td><td>").Append(I(c.Paired.Pairs))
                  .Append("</td><td class=\"num\">").Append(F(c.Paired.MeanDifference, "+0.00;-0.00;0.00")).Append("</td><td>").Append(F(c.Paired.Lower)).Append(" – ").Append(F(c.Paired.Upper))
                  .Append("</td><td>").Append(F(c.Paired.PValue, "0.0000")).Append("</td><td>").Append(I(c.Paired.BetterInB)).Append(" / ").Append(I(c.Paired.BetterInA)).Append("</td>");
            }
            else sb.Append("<td colspan=\"7\">").Append(H(p.Problem)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></div></section>");
        var baseline = entries[0];
        if (baseline.Result is not null)
        {
            var a = baseline.Result.ItemScores();
            sb.Append("<section id=\"scatter\"><h2>Item scores</h2><div class=\"charts\">");
            foreach (var p in pairings.Where(p => p.Comparison is not null))
            {
                var b = entries.First(e => e.Run.Id == p.Other.Id).Result!.ItemScores();
                var points = a.Keys.Where(b.ContainsKey).Select(k => (k, a[k], b[k])).ToList();
                sb.Append("<figure>").Append(Charts.Scatter(points, $"run {I(baseline.Run.Id)} {baseline.Run.Model}", $"run {I(p.Other.Id)} {p.Other.Model}"))
                  .Append("<figcaption>Each dot is an item: above the diagonal, run ").Append(I(p.Other.Id)).Append(" scored it higher.</figcaption></figure>");
            }
            sb.Append("</div></section>");
            sb.Append(ItemDifferences(entries));
        }
        return sb.ToString();
    }

    private static string SideBySide(IReadOnlyList<Entry> entries)
    {
        var sb = new StringBuilder("<section id=\"side-by-side\"><h2>Side by side</h2><div class=\"tablewrap\"><table><thead><tr><th scope=\"col\">figure</th>");
        foreach (var e in entries)
        {
            sb.Append("<th scope=\"col\"><a href=\"/runs/").Append(I(e.Run.Id)).Append("\">run ").Append(I(e.Run.Id)).Append("</a><small class=\"caption\">").Append(H(e.Run.Model)).Append(" · ").Append(H(e.Run.Suite))
              .Append(" · ").Append(H(LeaderboardBuilder.ItemSetName(e.Run.ItemSet))).Append("</small></th>");
        }
        sb.Append("</tr></thead><tbody>");
        var labels = new List<(string Name, string Label)>();
        foreach (var e in entries)
        {
            foreach (var m in e.Result?.Metrics ?? []) if (labels.All(l => l.Name != m.Name)) labels.Add((m.Name, m.Label));
        }
        var metricsByRun = entries.Select(e => (e.Result?.Metrics ?? []).ToDictionary(m => m.Name)).ToList();
        foreach (var (name, label) in labels)
        {
            sb.Append("<tr><th scope=\"row\">").Append(H(label)).Append("</th>");
            foreach (var metrics in metricsByRun)
            {
                sb.Append("<td>");
                if (metrics.TryGetValue(name, out var m))
                {
                    sb.Append(H(m.Display));
                    if (m.Lower is { } lo && m.Upper is { } hi && double.IsFinite(lo)) sb.Append(" <span class=\"ci\">[").Append(F(lo)).Append("–").Append(F(hi)).Append("]</span>");
                }
                sb.Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("<tr><th scope=\"row\">status</th>");
        foreach (var e in entries) sb.Append("<td>").Append(H(e.Problem ?? e.Run.Status.Name())).Append("</td>");
        return sb.Append("</tr></tbody></table></div></section>").ToString();
    }

    private static string ItemDifferences(IReadOnlyList<Entry> entries)
    {
        var scores = entries.Select(e => e.Result?.ItemScores() ?? new Dictionary<string, double>()).ToList();
        var ids = scores.SelectMany(s => s.Keys).Distinct().ToList();
        var rows = ids.Select(id =>
        {
            var values = scores.Select(s => s.TryGetValue(id, out var v) ? v : (double?)null).ToList();
            var present = values.OfType<double>().ToList();
            double spread = present.Count >= 2 ? present.Max() - present.Min() : double.NaN;
            double? delta = values[0] is { } first && values[^1] is { } last ? last - first : null;
            return (id, values, spread, delta);
        }).OrderByDescending(r => double.IsNaN(r.spread) ? -1 : r.spread).ThenBy(r => r.id, Comparer<string>.Create(ItemQuery.NaturalCompare)).ToList();
        var sb = new StringBuilder("<section id=\"item-differences\"><h2>Per-item differences <small>");
        sb.Append(rows.Count > MaxItemRows ? $"{I(MaxItemRows)} of {I(rows.Count)} shown, largest first" : $"{I(rows.Count)} items, largest first").Append("</small></h2>");
        sb.Append("<p class=\"note\">Mean item score over iterations; Δ is the last run minus the first.</p><div class=\"tablewrap\"><table id=\"item-diff-table\"><thead><tr><th scope=\"col\">item</th>");
        foreach (var e in entries) sb.Append("<th scope=\"col\">run ").Append(I(e.Run.Id)).Append("</th>");
        sb.Append("<th scope=\"col\">Δ</th></tr></thead><tbody>");
        foreach (var (id, values, _, delta) in rows.Take(MaxItemRows))
        {
            sb.Append("<tr><th scope=\"row\">").Append(H(id)).Append("</th>");
            foreach (var v in values) sb.Append("<td class=\"num\">").Append(F(v)).Append("</td>");
            sb.Append("<td class=\"num ").Append(delta > 0 ? "up" : delta < 0 ? "down" : "").Append("\">").Append(F(delta, "+0.00;-0.00;0.00")).Append("</td></tr>");
        }
        return sb.Append("</tbody></table></div></section>").ToString();
    }
}
