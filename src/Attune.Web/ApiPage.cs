using System.Text;
using static Attune.Web.Html;

namespace Attune.Web;

/// <summary>The HTTP API, described on a page of its own (the README says the same).</summary>
internal static class ApiPage
{
    public static readonly (string Path, string Description)[] Endpoints =
    [
        ("GET /api/runs", "Every run, newest first, with its accounting: the objects of `attune runs list --json`."),
        ("GET /api/runs/{id}", "One run: its summary, and under \"report\" the report document of `attune report --format json` (the suite's result, metrics with 95% intervals, tables, histogram, notes); rating runs add \"ratings\"."),
        ("GET /api/runs/{id}/items", "The run's items: ?status=ok|problem|<status>&category=&q=&sort=id|iteration|category|score|status&dir=asc|desc&page=&pageSize= (at most 1000)."),
        ("GET /api/runs/{id}/progress", "Where the run stands: trials, trials started, answers stored, the partial score."),
        ("GET /api/runs/{id}/events", "The same as server-sent events, one a second until the run stops."),
        ("GET /api/leaderboard", "Models × suites: ?sort=<column key>|model&dir=&items=<column key>&from=yyyy-mm-dd&to=yyyy-mm-dd."),
        ("GET /api/compare?runs=A,B,…", "Runs side by side: the paired test of each against the first, and every item's scores."),
        ("GET /api/estimate?text=…&taxonomy=goemotions|ekman|emonet", "The built-in estimator's scores and labels."),
    ];

    public static string Render()
    {
        var sb = new StringBuilder("<h1>HTTP API</h1><p class=\"note\">JSON, the same data the pages show. With a token, send <code>Authorization: Bearer TOKEN</code>.</p><div class=\"tablewrap\"><table><thead><tr><th scope=\"col\">request</th><th scope=\"col\">answer</th></tr></thead><tbody>");
        foreach (var (path, description) in Endpoints) sb.Append("<tr><td><code>").Append(H(path)).Append("</code></td><td>").Append(H(description)).Append("</td></tr>");
        return sb.Append("</tbody></table></div>").ToString();
    }
}
