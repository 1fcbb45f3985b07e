using System.Text;
using Attune.Reporting;
using Attune.Storage;
using Attune.Suites;
using static Attune.Web.Html;

namespace Attune.Web;

/// <summary>One conversation of an eq3, safety or audit run: every turn, the judge's findings marked in the assistant's text, injections noted, the final judgement.</summary>
internal static class ConversationPage
{
    public static string Link(long runId, ItemRow item) => $"/runs/{I(runId)}/conversation?item={U(item.Id)}&amp;iteration={I(item.Iteration)}";

    public static string Render(RunRecord run, ItemRow item, ItemRow? previous, ItemRow? next, int position, int count)
    {
        var sb = new StringBuilder();
        sb.Append("<p class=\"kicker\">Attune · ").Append(H(run.Suite)).Append(" · <a href=\"/runs/").Append(I(run.Id)).Append("\">run ").Append(I(run.Id)).Append("</a> · ").Append(H(run.Model)).Append("</p>");
        sb.Append("<h1>Conversation ").Append(H(item.Id)).Append(" <small>iteration ").Append(I(item.Iteration)).Append("</small></h1>");
        sb.Append("<ul class=\"facts\">");
        if (item.Category is not null) sb.Append("<li><span>category</span>").Append(H(item.Category)).Append("</li>");
        sb.Append("<li><span>score</span>").Append(F(item.Score)).Append("</li><li><span>status</span>").Append(H(item.Status)).Append("</li>");
        if (item.Detail is not null) sb.Append("<li><span>detail</span>").Append(H(item.Detail)).Append("</li>");
        int risky = item.Highlights?.Count(h => h.Risky) ?? 0, protective = item.Highlights?.Count(h => !h.Risky) ?? 0;
        sb.Append("<li><span>findings</span>").Append(I(risky)).Append(" risky · ").Append(I(protective)).Append(" protective</li></ul>");
        sb.Append("<nav class=\"pager\" aria-label=\"Conversations\">");
        if (previous is not null) sb.Append("<a href=\"").Append(Link(run.Id, previous)).Append("\" rel=\"prev\">Previous conversation</a> ");
        sb.Append("<span>").Append(I(position)).Append(" of ").Append(I(count)).Append("</span>");
        if (next is not null) sb.Append(" <a href=\"").Append(Link(run.Id, next)).Append("\" rel=\"next\">Next conversation</a>");
        sb.Append("</nav>");
        sb.Append("<p class=\"legend note\"><mark class=\"risky\">risky finding</mark> <mark class=\"protective\">protective finding</mark> <span class=\"tag\">injected</span> marks a turn the simulated user was steered on; hover a mark for the judge's label.</p>");
        sb.Append("<section class=\"conversation-page\">").Append(ReportWriter.ConversationHtml(item, open: true)).Append("</section>");
        return sb.ToString();
    }
}
