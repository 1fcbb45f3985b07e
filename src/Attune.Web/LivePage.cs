using System.Globalization;
using System.Text;
using Attune.Storage;
using static Attune.Web.Html;

namespace Attune.Web;

/// <summary>The live pages: runs in progress, and one run's progress and partial score, updated from an event stream without reloading.</summary>
internal static class LivePage
{
    public static string RenderList(IReadOnlyList<RunRecord> runs)
    {
        var running = runs.Where(r => r.Status == RunStatus.Running).ToList();
        var sb = new StringBuilder("<h1>Live</h1><p class=\"note\">Runs in progress (started from the CLI, here or in another terminal). A run killed without a chance to say so also shows as running.</p>");
        if (running.Count == 0) sb.Append("<p class=\"note\" id=\"no-live\">No run is in progress.</p>");
        else
        {
            sb.Append("<div class=\"tablewrap\"><table id=\"live-runs\"><thead><tr><th scope=\"col\">run</th><th scope=\"col\">suite</th><th scope=\"col\">model</th><th scope=\"col\">started</th><th scope=\"col\"></th></tr></thead><tbody>");
            foreach (var r in running)
            {
                sb.Append("<tr><td><a href=\"/runs/").Append(I(r.Id)).Append("\">").Append(I(r.Id)).Append("</a></td><td>").Append(H(r.Suite)).Append("</td><td>").Append(H(r.Model))
                  .Append("</td><td>").Append(r.StartedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)).Append("</td><td><a href=\"/runs/").Append(I(r.Id)).Append("/live\">Watch run ").Append(I(r.Id)).Append("</a></td></tr>");
            }
            sb.Append("</tbody></table></div>");
        }
        return sb.ToString();
    }

    public static string Render(LiveSnapshot s)
    {
        var r = s.Run;
        var sb = new StringBuilder();
        sb.Append("<p class=\"kicker\">Attune · ").Append(H(r.Suite)).Append(" · <a href=\"/runs/").Append(I(r.Id)).Append("\">run ").Append(I(r.Id)).Append("</a></p>");
        sb.Append("<h1>Live: ").Append(H(r.Model)).Append("</h1>");
        sb.Append("<div class=\"live\" id=\"live\" data-live=\"/api/runs/").Append(I(r.Id)).Append("/events\">");
        sb.Append("<p>Status: <strong id=\"live-status\" role=\"status\">").Append(H(r.Status.Name())).Append("</strong> <span id=\"live-link\" class=\"note\"></span></p>");
        int trials = s.Trials ?? 0;
        sb.Append("<div class=\"field\"><label for=\"live-progress\">Trials started</label><progress id=\"live-progress\" max=\"").Append(I(Math.Max(1, trials))).Append("\" value=\"").Append(I(s.Started)).Append("\">")
          .Append(I(s.Started)).Append("</progress> <span id=\"live-count\">").Append(I(s.Started)).Append(" / ").Append(s.Trials is null ? "?" : I(trials)).Append("</span></div>");
        sb.Append("<p>Answers stored: <span id=\"live-answers\">").Append(I(s.Answers)).Append("</span></p>");
        sb.Append("<div class=\"cards\"><div class=\"card big\"><p class=\"label\" id=\"live-score-label\">").Append(H(s.ScoreLabel ?? "Partial score")).Append("</p><p class=\"value\" id=\"live-score\">")
          .Append(H(s.ScoreDisplay ?? "–")).Append("</p><p class=\"sub\" id=\"live-ci\">").Append(s.Lower is { } lo && s.Upper is { } hi && double.IsFinite(lo) ? $"95% CI {F(lo)} – {F(hi)}" : "")
          .Append("</p></div></div>");
        sb.Append("<p class=\"note\" id=\"live-problem\">").Append(H(s.Problem)).Append("</p>");
        sb.Append("<p class=\"note\">Partial figures cover only the answers stored so far. Updated <span id=\"live-at\">").Append(DateTimeOffset.UtcNow.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)).Append("</span> · updates <span id=\"live-mode\">need JavaScript (reload to refresh)</span></p>");
        return sb.Append("</div>").ToString();
    }
}
