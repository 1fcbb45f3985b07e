using System.Text;
using static Attune.Web.Html;

namespace Attune.Web;

/// <summary>The leaderboard page: models × suites, sortable by any column, filtered by item set and date, reference rows labelled.</summary>
internal static class LeaderboardPage
{
    public static string Render(Leaderboard board)
    {
        var q = board.Query;
        var sb = new StringBuilder();
        sb.Append("<h1>Leaderboard</h1>");
        sb.Append("<p class=\"note\">Each cell is the newest completed run of a model on a suite's item set, with its 95% interval; follow a score to its run. ")
          .Append("Columns are per item set because scores on different items do not compare. Rows marked <span class=\"badge\">reference</span> are imported public figures, not runs.</p>");
        if (q.Problem is not null) sb.Append("<p class=\"warning\" role=\"alert\">").Append(H(q.Problem)).Append("</p>");
        sb.Append("<form class=\"filters\" method=\"get\" action=\"/\" aria-label=\"Filter the leaderboard\">");
        sb.Append(Select("items", "items", "Item set", [("", "All item sets"), .. board.AllColumns.Select(c => (c.Key, $"{c.Suite} · {(c.IsRating ? "pairwise ratings" : c.Caption)}"))], q.Items));
        sb.Append(Input("from", "from", "Runs from", "date", q.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        sb.Append(Input("to", "to", "Runs to", "date", q.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        if (q.Sort is not null) sb.Append("<input type=\"hidden\" name=\"sort\" value=\"").Append(H(board.SortKey)).Append("\"><input type=\"hidden\" name=\"dir\" value=\"").Append(q.Descending ? "desc" : "asc").Append("\">");
        sb.Append("<div class=\"actions\"><button type=\"submit\">Apply</button> <a href=\"/\">Reset</a></div></form>");
        if (board.Rows.Count == 0)
        {
            sb.Append("<p class=\"note\">No completed runs match. Run a suite (<code>attune run</code>) or widen the filters.</p>");
            return sb.ToString();
        }
        sb.Append("<div class=\"tablewrap\"><table class=\"board\" id=\"leaderboard\"><caption>Models × suites (").Append(I(board.Rows.Count)).Append(" rows)</caption><thead><tr>");
        Header(sb, board, "model", "Model", null);
        foreach (var c in board.Columns) Header(sb, board, c.Key, c.IsRating ? "eq3 rating" : c.Suite, c.IsRating ? "Elo (pairwise)" : c.Caption);
        sb.Append("</tr></thead><tbody>");
        foreach (var row in board.Rows)
        {
            sb.Append("<tr").Append(row.Source is null ? "" : " class=\"reference\"").Append(" data-model=\"").Append(H(row.Model)).Append("\"><th scope=\"row\">").Append(H(row.Model));
            if (row.Source is not null) sb.Append(" <span class=\"badge\">reference · ").Append(H(row.Source)).Append("</span>");
            sb.Append("</th>");
            foreach (var c in board.Columns)
            {
                sb.Append("<td data-col=\"").Append(H(c.Key)).Append("\">");
                if (row.Cells.TryGetValue(c.Key, out var cell))
                {
                    var value = LeaderboardBuilder.Format(cell.Value);
                    if (cell.RunId is { } id) sb.Append("<a href=\"/runs/").Append(I(id)).Append("\" class=\"score\">").Append(value).Append("</a>");
                    else sb.Append("<span class=\"score\">").Append(value).Append("</span>");
                    if (cell.Lower is { } lo && cell.Upper is { } hi && double.IsFinite(lo) && double.IsFinite(hi))
                    {
                        sb.Append(" <span class=\"ci\" title=\"95% interval\">[").Append(LeaderboardBuilder.Format(lo)).Append("–").Append(LeaderboardBuilder.Format(hi)).Append("]</span>");
                    }
                    else if (cell.IntervalPending) sb.Append(" <span class=\"ci pending\" title=\"the 95% interval is being computed; reload to see it\">[…]</span>");
                    if (cell.Runs > 1) sb.Append(" <small title=\"completed runs in range; the newest is shown\">(").Append(I(cell.Runs)).Append(" runs)</small>");
                }
                else sb.Append("<span class=\"none\" aria-label=\"no figure\">·</span>");
                sb.Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></div>");
        return sb.ToString();
    }

    private static void Header(StringBuilder sb, Leaderboard board, string key, string label, string? caption)
    {
        bool current = board.SortKey == key;
        bool desc = board.Query.Descending;
        // clicking the current column flips it; a new column starts high-to-low (names start A–Z)
        string next = current ? (desc ? "asc" : "desc") : key == "model" ? "asc" : "desc";
        sb.Append("<th scope=\"col\"").Append(current ? $" aria-sort=\"{(desc ? "descending" : "ascending")}\"" : "").Append("><a href=\"/").Append(board.Query.With(key, next))
          .Append("\" data-sort=\"").Append(H(key)).Append("\">").Append(H(label)).Append(current ? (desc ? " ▼" : " ▲") : "").Append("</a>");
        if (caption is not null) sb.Append("<small class=\"caption\">").Append(H(caption)).Append("</small>");
        sb.Append("</th>");
    }
}
