using System.Globalization;
using System.Net;
using System.Text;
using Attune.Suites.Ability;
using Attune.Suites.Eq;

namespace Attune.Reporting;

/// <summary>Renders an ability result as one self-contained HTML file, Markdown, or JSON. Model text is always escaped.</summary>
public static class AbilityReportWriter
{
    private static string P(double v) => double.IsFinite(v) ? v.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    private static string H(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>Renders in a format: <c>html</c>, <c>md</c> or <c>json</c>.</summary>
    public static string Render(AbilityResult result, string title, IReadOnlyDictionary<string, string> facts, string format)
    {
        switch (format.ToLowerInvariant())
        {
            case "json":
                using (var ms = new MemoryStream())
                {
                    result.WriteJson(ms, facts.GetValueOrDefault("model"));
                    return Encoding.UTF8.GetString(ms.ToArray());
                }
            case "md":
            case "markdown":
                return Markdown(result, title, facts);
            case "html":
                return Html(result, title, facts);
            default:
                throw new InputException($"--format: \"{format}\" is not supported; use html, md or json");
        }
    }

    private static string NormsNote(AbilityResult r) => r.Set.IsBuiltIn
        ? "No human norms exist for Attune's own ability items yet: these accuracies are not percentiles."
        : "Human norms for this item set are not bundled with Attune.";

    private static string Context => $"Context only (different tests): in the 2025 University of Bern study humans averaged {AbilityResult.BernHumanMean:0}% and LLMs {AbilityResult.BernModelMean:0}% on five published ability-EI tests.";

    private static string Markdown(AbilityResult r, string title, IReadOnlyDictionary<string, string> facts)
    {
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(title).AppendLine();
        foreach (var (k, v) in facts) sb.Append("- **").Append(k).Append("**: ").AppendLine(v);
        sb.AppendLine().Append("**Score** (mean of task accuracies, ").Append(r.Options.Parser == EqParserKind.Strict ? "strict" : "lenient").Append(" parser): **").Append(P(r.Score)).AppendLine("**").AppendLine();
        sb.AppendLine("| task | accuracy | 95% CI | answers (parsed) |").AppendLine("|---|---|---|---|");
        foreach (var t in r.TaskScores)
        {
            sb.Append("| ").Append(t.Task).Append(" | ").Append(P(t.Accuracy)).Append(" | ").Append(P(t.Lower)).Append(" – ").Append(P(t.Upper)).Append(" | ")
              .Append(t.Answers).Append(" (").Append(t.Parsed).AppendLine(") |");
            foreach (var (cat, (acc, n)) in t.Categories) sb.Append("| &nbsp;&nbsp;").Append(cat).Append(" | ").Append(P(acc)).Append(" | | ").Append(n).AppendLine(" |");
        }
        sb.AppendLine().AppendLine(NormsNote(r)).AppendLine().AppendLine(Context).AppendLine();
        var wrong = r.Items.Where(i => !i.Correct).ToList();
        sb.Append("## Missed items (").Append(wrong.Count).AppendLine(")").AppendLine();
        foreach (var w in wrong.Take(300))
        {
            sb.Append("- ").Append(w.Item.Key).Append(" it").Append(w.Iteration).Append(": answered `").Append(w.Answer.First.Length == 0 ? "(unreadable)" : w.Answer.First)
              .Append("`, key `").Append(AbilityItem.Letter(w.Item.Answer)).AppendLine("`");
        }
        return sb.ToString();
    }

    private static string Html(AbilityResult r, string title, IReadOnlyDictionary<string, string> facts)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
          .Append(H(title)).Append("</title><style>").Append(Css).Append("</style></head><body><main>");
        sb.Append("<header><p class=\"kicker\">Attune · ability</p><h1>").Append(H(title)).Append("</h1><ul class=\"facts\">");
        foreach (var (k, v) in facts) sb.Append("<li><span>").Append(H(k)).Append("</span>").Append(H(v)).Append("</li>");
        sb.Append("</ul></header><section class=\"cards\">");
        sb.Append("<div class=\"card big\"><p class=\"label\">Score · mean of task accuracies</p><p class=\"value\">").Append(H(P(r.Score)))
          .Append("</p><p class=\"sub\">").Append(r.Options.Parser == EqParserKind.Strict ? "strict parser (the reference's)" : "lenient parser").Append(" · other parser ").Append(H(P(r.OtherScore))).Append("</p></div>");
        foreach (var t in r.TaskScores)
        {
            sb.Append("<div class=\"card\"><p class=\"label\">").Append(t.Task == AbilityTask.EU ? "EU · understanding" : "EA · application").Append("</p><p class=\"value\">").Append(H(P(t.Accuracy)))
              .Append("</p><p class=\"sub\">95% CI ").Append(H(P(t.Lower))).Append(" – ").Append(H(P(t.Upper))).Append(" · ").Append(t.Answers).Append(" answers</p>")
              .Append(Bar(t.Accuracy, t.Lower, t.Upper)).Append("</div>");
        }
        sb.Append("</section><section><h2>Categories</h2><table><thead><tr><th>task</th><th>category</th><th>accuracy</th><th>answers</th><th></th></tr></thead><tbody>");
        foreach (var t in r.TaskScores)
        {
            foreach (var (cat, (acc, n)) in t.Categories)
            {
                sb.Append("<tr><td>").Append(t.Task).Append("</td><td>").Append(H(cat)).Append("</td><td>").Append(H(P(acc))).Append("</td><td>").Append(n)
                  .Append("</td><td class=\"barcell\">").Append(Bar(acc, double.NaN, double.NaN)).Append("</td></tr>");
            }
        }
        sb.Append("</tbody></table><p class=\"note\">").Append(H(NormsNote(r))).Append(' ').Append(H(Context)).Append("</p></section>");
        var wrong = r.Items.Where(i => !i.Correct).ToList();
        sb.Append("<section><h2>Missed items <small>").Append(wrong.Count).Append("</small></h2>");
        foreach (var w in wrong.Take(500))
        {
            sb.Append("<details><summary>").Append(H(w.Item.Key)).Append(" · iteration ").Append(w.Iteration).Append(" · answered ")
              .Append(H(w.Answer.First.Length == 0 ? "(unreadable)" : w.Answer.First)).Append(", key ").Append(AbilityItem.Letter(w.Item.Answer)).Append("</summary><p>")
              .Append(H(w.Item.Scenario)).Append("</p><ol type=\"A\">");
            for (int i = 0; i < w.Item.Choices.Count; i++) sb.Append(i == w.Item.Answer ? "<li class=\"key\">" : "<li>").Append(H(w.Item.Choices[i])).Append("</li>");
            sb.Append("</ol><pre>").Append(H(w.Response ?? "(no response)")).Append("</pre></details>");
        }
        sb.Append("</section><footer>Generated by Attune.</footer></main></body></html>");
        return sb.ToString();
    }

    private static string Bar(double value, double lo, double hi)
    {
        var sb = new StringBuilder("<svg class=\"bar\" viewBox=\"0 0 200 14\" role=\"img\"><rect x=\"0\" y=\"1\" width=\"200\" height=\"8\" rx=\"4\" class=\"track\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"1\" width=\"{Math.Clamp(value, 0, 100) * 2:0.#}\" height=\"8\" rx=\"4\" class=\"fill\"/>");
        if (double.IsFinite(lo) && double.IsFinite(hi)) sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{lo * 2:0.#}\" y1=\"12.5\" x2=\"{hi * 2:0.#}\" y2=\"12.5\" class=\"ci\"/>");
        return sb.Append("</svg>").ToString();
    }

    private const string Css = """
        :root{--bg:#f7f6f3;--fg:#1d1d1f;--muted:#6b6b70;--card:#fff;--accent:#1f8a70;--line:#e4e2dd}
        @media (prefers-color-scheme:dark){:root{--bg:#151517;--fg:#f2f2f4;--muted:#a0a0a8;--card:#202024;--line:#333338}}
        *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:960px;margin:0 auto;padding:32px 20px 60px}h1{margin:.1em 0 .4em;font-size:28px}h2{font-size:19px;margin:0 0 12px}
        .kicker{color:var(--accent);font-weight:600;letter-spacing:.04em;text-transform:uppercase;font-size:12px;margin:0}
        .facts{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:8px}.facts li{background:var(--card);border:1px solid var(--line);border-radius:999px;padding:3px 12px;font-size:13px}
        .facts span{color:var(--muted);margin-right:6px}section{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:20px;margin-top:18px}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:14px;background:none;border:0;padding:0}
        .card{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:16px 18px}.card .label{margin:0;color:var(--muted);font-size:13px}
        .card .value{margin:4px 0;font-size:30px;font-weight:700}.card.big .value{font-size:46px;color:var(--accent)}.card .sub{margin:0;color:var(--muted);font-size:13px}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line)}.barcell{width:220px}
        svg.bar{width:200px;height:14px}.track{fill:var(--line)}.fill{fill:var(--accent)}.ci{stroke:var(--fg);stroke-width:2}
        details{border-top:1px solid var(--line);padding:8px 0}summary{cursor:pointer}li.key{font-weight:700;color:var(--accent)}
        pre{white-space:pre-wrap;background:var(--bg);padding:10px;border-radius:8px;font-size:13px}.note{color:var(--muted);font-size:13px}small{color:var(--muted);font-weight:400}
        footer{color:var(--muted);font-size:12px;margin-top:24px}
        """;
}
