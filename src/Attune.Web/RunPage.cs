using System.Globalization;
using System.Text;
using Attune.Chat;
using Attune.Reporting;
using Attune.Running;
using Attune.Storage;
using Attune.Suites;
using static Attune.Web.Html;

namespace Attune.Web;

/// <summary>
/// A run: everything its HTML report shows (rendered by <see cref="ReportWriter"/>'s pieces), made interactive: items
/// filtered, sorted and paged, conversations one click away, parse failures with their raw text, a comparison form.
/// </summary>
internal static class RunPage
{
    public static string Title(RunRecord run) => $"Run {I(run.Id)} · {run.Suite} · {run.Model}";

    public static string Render(RunRecord run, RunReport? report, string? problem, IReadOnlyList<RunRecord> peers, ItemQuery query)
    {
        var sb = new StringBuilder();
        sb.Append("<header class=\"runhead\"><p class=\"kicker\">Attune · ").Append(H(run.Suite)).Append(" · run ").Append(I(run.Id)).Append("</p><h1>")
          .Append(H(report?.Title ?? $"{run.Model} on {LeaderboardBuilder.ItemSetName(run.ItemSet)}")).Append("</h1><ul class=\"facts\">");
        var facts = report?.Facts ?? BasicFacts(run);
        foreach (var (k, v) in facts) sb.Append("<li><span>").Append(H(k)).Append("</span>").Append(H(v)).Append("</li>");
        sb.Append("</ul></header>");
        sb.Append("<p class=\"links\">");
        if (run.Status == RunStatus.Running) sb.Append("<a href=\"/runs/").Append(I(run.Id)).Append("/live\">Watch it live</a> · ");
        sb.Append("<a href=\"/api/runs/").Append(I(run.Id)).Append("\">JSON</a> · <a href=\"/api/runs/").Append(I(run.Id)).Append("/items\">items as JSON</a></p>");
        foreach (var w in report?.Warnings ?? []) sb.Append("<p class=\"warning\" role=\"alert\">").Append(H(w)).Append("</p>");
        if (problem is not null) sb.Append("<p class=\"warning\" role=\"alert\">").Append(H(problem)).Append("</p>");
        if (run.Suite == RatingRunner.SuiteName) sb.Append(RatingTable(run));
        if (report is null)
        {
            if (run.Suite != RatingRunner.SuiteName) sb.Append(StoredMetrics(run));
            return sb.ToString();
        }
        var r = report.Result;
        if (peers.Count > 0) sb.Append(CompareForm(run, peers));
        sb.Append(ReportWriter.CardsHtml(r.Metrics));
        if (r.Notes.Count > 0)
        {
            sb.Append("<section class=\"notes\" aria-label=\"Notes\">");
            foreach (var n in r.Notes) sb.Append("<p class=\"note\">").Append(H(n)).Append("</p>");
            sb.Append("</section>");
        }
        if (Histogram.Of([.. r.ItemScores().Values]) is { } bins) sb.Append("<section><h2>Distribution of item scores</h2>").Append(ReportWriter.HistogramSvg(bins)).Append("</section>");
        foreach (var t in r.Tables) sb.Append("<section>").Append(ReportWriter.TableHtml(t)).Append("</section>");
        sb.Append(Items(run, r, query));
        var problems = r.Items.Where(i => !i.IsOk).ToList();
        var listed = problems.Take(ReportWriter.MaxListed).ToList();
        sb.Append("<section id=\"problems\"><h2>Items that did not score as expected <small>")
          .Append(listed.Count == problems.Count ? I(problems.Count) : $"{I(listed.Count)} of {I(problems.Count)} shown").Append("</small></h2>");
        if (problems.Count == 0) sb.Append("<p class=\"note\">Every item scored as expected.</p>");
        foreach (var p in listed) sb.Append(ReportWriter.ProblemHtml(p));
        sb.Append("</section>");
        return sb.ToString();
    }

    private static List<KeyValuePair<string, string>> BasicFacts(RunRecord run)
    {
        var facts = new List<KeyValuePair<string, string>> { new("run", I(run.Id)) };
        foreach (var b in run.Roles) facts.Add(new(b.Role == ModelRole.Subject ? "model" : b.Role.Name(), b.Model));
        facts.Add(new("items", run.ItemSet));
        facts.Add(new("status", run.Status.Name()));
        facts.Add(new("started", run.StartedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
        return facts;
    }

    private static string StoredMetrics(RunRecord run)
    {
        var rows = run.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (IReadOnlyList<string>)[m.Key, m.Value.ToString("0.####", CultureInfo.InvariantCulture)]).ToList();
        return "<section>" + ReportWriter.TableHtml(new ResultTable("Stored metrics", ["metric", "value"], rows, "The figures stored with the run.")) + "</section>";
    }

    /// <summary>A rating run's ladder: each model's Elo, normalised Elo, σ and interval, from its stored metrics.</summary>
    public static IReadOnlyList<(string Model, double Elo, double? Norm, double? Sigma, double? Low, double? High)> Ratings(RunRecord run)
    {
        double? M(string key) => run.Metrics.TryGetValue(key, out var v) ? v : null;
        return [.. run.Metrics.Where(m => m.Key.StartsWith("elo:", StringComparison.Ordinal)).Select(m => m.Key[4..])
            .Select(name => (name, run.Metrics["elo:" + name], M("eloNorm:" + name), M("sigma:" + name), M("ciLow:" + name), M("ciHigh:" + name)))
            .OrderByDescending(x => x.Item2)];
    }

    private static string RatingTable(RunRecord run)
    {
        var rows = Ratings(run).Select(r => (IReadOnlyList<string>)[r.Model, F(r.Elo, "0.0"), F(r.Norm, "0.0"), F(r.Sigma, "0.00"), $"{F(r.Low, "0.0")} – {F(r.High, "0.0")}"]).ToList();
        var table = new ResultTable("Pairwise ratings (TrueSkill ladder)", ["model", "Elo", "normalised Elo", "σ", "95% interval"], rows,
            $"{F(run.Metrics.GetValueOrDefault("comparisons"), "0")} comparisons by the judge over the transcripts of the rated eq3 runs.");
        return "<section>" + ReportWriter.TableHtml(table) + "</section>";
    }

    private static string CompareForm(RunRecord run, IReadOnlyList<RunRecord> peers)
    {
        var sb = new StringBuilder("<form class=\"filters compare\" method=\"get\" action=\"/compare\" aria-label=\"Compare with another run\">");
        sb.Append("<input type=\"hidden\" name=\"run\" value=\"").Append(I(run.Id)).Append("\">");
        sb.Append(Select("peer", "run", "Compare with a run on the same items", peers.Select(p => (I(p.Id), $"run {I(p.Id)} · {p.Model} · {p.Status.Name()} · {F(p.Score)}")), null));
        return sb.Append("<div class=\"actions\"><button type=\"submit\">Compare</button></div></form>").ToString();
    }

    private static string Items(RunRecord run, ISuiteResult r, ItemQuery q)
    {
        var (page, total) = q.Apply(r.Items);
        var statuses = r.Items.Select(i => i.Status).Distinct().Order(StringComparer.Ordinal).ToList();
        var categories = r.Items.Select(i => i.Category).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder("<section id=\"items\"><h2>Items <small>");
        sb.Append(I(total)).Append(total == r.Items.Count ? "" : $" of {I(r.Items.Count)}").Append("</small></h2>");
        sb.Append("<form class=\"filters\" method=\"get\" action=\"/runs/").Append(I(run.Id)).Append("#items\" aria-label=\"Filter items\">");
        sb.Append(Select("status", "status", "Status", [("", "any status"), ("problem", "not as expected"), .. statuses.Select(s => (s, s))], q.Status));
        if (categories.Count > 0) sb.Append(Select("category", "category", "Category", [("", "any category"), .. categories.Select(c => (c, c))], q.Category));
        sb.Append(Input("q", "q", "Text in id, detail or answer", "search", q.Text));
        sb.Append("<input type=\"hidden\" name=\"sort\" value=\"").Append(q.Sort).Append("\"><input type=\"hidden\" name=\"dir\" value=\"").Append(q.Descending ? "desc" : "asc").Append("\">");
        sb.Append("<div class=\"actions\"><button type=\"submit\">Filter</button> <a href=\"/runs/").Append(I(run.Id)).Append("#items\">Reset</a></div></form>");
        sb.Append("<div class=\"tablewrap\"><table id=\"item-table\"><thead><tr>");
        foreach (var (key, label) in new[] { ("id", "item"), ("iteration", "iteration"), ("category", "category"), ("score", "score"), ("status", "status") })
        {
            bool current = q.Sort == key;
            sb.Append("<th scope=\"col\"").Append(current ? $" aria-sort=\"{(q.Descending ? "descending" : "ascending")}\"" : "").Append("><a href=\"/runs/").Append(I(run.Id))
              .Append(q.With(key, current ? !q.Descending : key == "score", 1)).Append("#items\" data-sort=\"").Append(key).Append("\">").Append(label).Append(current ? (q.Descending ? " ▼" : " ▲") : "").Append("</a></th>");
        }
        sb.Append("<th scope=\"col\">detail</th></tr></thead><tbody>");
        foreach (var i in page)
        {
            sb.Append("<tr data-status=\"").Append(H(i.Status)).Append("\"><td>");
            if (i.Transcript is { Count: > 0 }) sb.Append("<a href=\"").Append(ConversationPage.Link(run.Id, i)).Append("\">").Append(H(i.Id)).Append("</a>");
            else sb.Append(H(i.Id));
            sb.Append("</td><td>").Append(I(i.Iteration)).Append("</td><td>").Append(H(i.Category)).Append("</td><td class=\"num\">").Append(F(i.Score))
              .Append("</td><td>").Append(H(i.Status)).Append("</td><td>").Append(H(i.Detail)).Append("</td></tr>");
        }
        sb.Append("</tbody></table></div>");
        int pages = Math.Max(1, (total + q.PageSize - 1) / q.PageSize);
        if (pages > 1)
        {
            sb.Append("<nav class=\"pager\" aria-label=\"Item pages\">");
            if (q.Page > 1) sb.Append("<a href=\"/runs/").Append(I(run.Id)).Append(q.With(page: q.Page - 1)).Append("#items\" rel=\"prev\">Previous</a> ");
            sb.Append("<span>page ").Append(I(q.Page)).Append(" of ").Append(I(pages)).Append("</span>");
            if (q.Page < pages) sb.Append(" <a href=\"/runs/").Append(I(run.Id)).Append(q.With(page: q.Page + 1)).Append("#items\" rel=\"next\">Next</a>");
            sb.Append("</nav>");
        }
        return sb.Append("</section>").ToString();
    }
}
