using System.Globalization;
using System.Text;
using Attune.Storage;
using static Attune.Web.Html;

namespace Attune.Web;

/// <summary>Every run in the store, newest first, filtered by suite and status, with boxes to pick runs to compare.</summary>
internal static class RunsPage
{
    public const int MaxShown = 500;

    public static string Render(IReadOnlyList<RunRecord> all, string? suite, string? status)
    {
        var runs = all.Where(r => (suite is null || r.Suite == suite) && (status is null || r.Status.Name() == status)).ToList();
        var sb = new StringBuilder("<h1>Runs</h1>");
        sb.Append("<form class=\"filters\" method=\"get\" action=\"/runs\" aria-label=\"Filter runs\">");
        sb.Append(Select("suite", "suite", "Suite", [("", "any suite"), .. all.Select(r => r.Suite).Distinct().Order(StringComparer.Ordinal).Select(s => (s, s))], suite));
        sb.Append(Select("status", "status", "Status", [("", "any status"), .. Enum.GetValues<RunStatus>().Select(s => (s.Name(), s.Name()))], status));
        sb.Append("<div class=\"actions\"><button type=\"submit\">Filter</button> <a href=\"/runs\">Reset</a></div></form>");
        if (runs.Count == 0)
        {
            sb.Append("<p class=\"note\">No runs match.</p>");
            return sb.ToString();
        }
        sb.Append("<form method=\"get\" action=\"/compare\" aria-label=\"Compare runs\"><div class=\"tablewrap\"><table id=\"runs-table\"><caption>")
          .Append(runs.Count > MaxShown ? $"{I(MaxShown)} of {I(runs.Count)} runs shown, newest first" : $"{I(runs.Count)} runs, newest first")
          .Append("</caption><thead><tr><th scope=\"col\">compare</th><th scope=\"col\">run</th><th scope=\"col\">suite</th><th scope=\"col\">model</th><th scope=\"col\">items</th><th scope=\"col\">status</th><th scope=\"col\">score</th><th scope=\"col\">started</th></tr></thead><tbody>");
        foreach (var r in runs.Take(MaxShown))
        {
            var id = I(r.Id);
            sb.Append("<tr><td><input type=\"checkbox\" name=\"run\" value=\"").Append(id).Append("\" id=\"pick-").Append(id).Append("\" aria-label=\"Compare run ").Append(id).Append("\"></td>")
              .Append("<td><a href=\"/runs/").Append(id).Append("\">").Append(id).Append("</a></td><td>").Append(H(r.Suite)).Append("</td><td>").Append(H(r.Model)).Append("</td><td>")
              .Append(H(LeaderboardBuilder.ItemSetName(r.ItemSet))).Append("</td><td>").Append(H(r.Status.Name()));
            if (r.Status == RunStatus.Running) sb.Append(" · <a href=\"/runs/").Append(id).Append("/live\">live</a>");
            sb.Append("</td><td class=\"num\">").Append(F(r.Score)).Append("</td><td>").Append(r.StartedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("</td></tr>");
        }
        sb.Append("</tbody></table></div><div class=\"actions\"><button type=\"submit\">Compare selected runs</button></div></form>");
        return sb.ToString();
    }
}
