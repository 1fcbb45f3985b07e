using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attune.Suites;

namespace Attune.Reporting;

/// <summary>
/// Renders any suite's <see cref="RunReport"/> as one self-contained HTML file (inline CSS and SVG, no scripts, no
/// external resources), Markdown, or JSON. Model text is always escaped, in HTML and in Markdown alike.
/// </summary>
public static class ReportWriter
{
    /// <summary>Items with a problem listed at most (the report says how many were left out).</summary>
    public const int MaxListed = 300;

    /// <summary>Conversations shown at most (the report says how many were left out).</summary>
    public const int MaxConversations = 200;

    /// <summary>The formats <see cref="Render"/> accepts.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["html", "md", "json"];

    private static string H(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>Renders in a format: <c>html</c>, <c>md</c> or <c>json</c>.</summary>
    public static string Render(RunReport report, string format) => format.ToLowerInvariant() switch
    {
        "html" => Html(report),
        "md" or "markdown" => Markdown(report),
        "json" => Json(report),
        _ => throw new InputException($"--format: \"{format}\" is not supported; use html, md or json"),
    };

    private static List<ItemRow> Problems(ISuiteResult r) => [.. r.Items.Where(i => !i.IsOk)];

    private static string Shown(int shown, int total) => shown == total ? $"{total}" : $"{shown} of {total} shown";

    /// <summary>The JSON document: the suite's own result document, with the report's facts, metrics and tables beside it.</summary>
    public static string Json(RunReport report)
    {
        using var ms = new MemoryStream();
        report.Result.WriteJson(ms, report.Context);
        var doc = JsonNode.Parse(ms.ToArray())!.AsObject();
        var run = report.RunJson?.DeepClone().AsObject();
        if (run is null)
        {
            run = new JsonObject();
            foreach (var (k, v) in report.Facts) run[k] = v;
        }
        doc["runInfo"] = run;
        doc["warnings"] = new JsonArray([.. report.Warnings.Select(w => (JsonNode)w)]);
        doc["metrics"] = new JsonArray([.. report.Result.Metrics.Select(m => (JsonNode)new JsonObject
        {
            ["name"] = m.Name, ["label"] = m.Label, ["value"] = Num(m.Value), ["display"] = m.Display,
            ["ci95"] = m.Lower is { } lo && m.Upper is { } hi && double.IsFinite(lo) && double.IsFinite(hi) ? new JsonArray(lo, hi) : null,
        })]);
        doc["tables"] = new JsonArray([.. report.Result.Tables.Select(t => (JsonNode)new JsonObject
        {
            ["title"] = t.Title,
            ["columns"] = new JsonArray([.. t.Columns.Select(c => (JsonNode)c)]),
            ["rows"] = new JsonArray([.. t.Rows.Select(r => (JsonNode)new JsonArray([.. r.Select(c => (JsonNode)c)]))]),
        })]);
        if (Histogram.Of([.. report.Result.ItemScores().Values]) is { } bins)
        {
            doc["histogram"] = new JsonArray([.. bins.Select(b => (JsonNode)new JsonObject { ["bin"] = b.Label, ["count"] = b.Count })]);
        }
        doc["notes"] = new JsonArray([.. report.Result.Notes.Select(n => (JsonNode)n)]);
        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static JsonNode? Num(double? v) => v is { } d && double.IsFinite(d) ? JsonValue.Create(d) : null;

    /// <summary>Markdown text with model text made inert: HTML and Markdown syntax characters escaped.</summary>
    public static string Md(string? s)
    {
        var sb = new StringBuilder((s ?? "").Length);
        foreach (var c in (s ?? "").ReplaceLineEndings(" "))
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#' or '!' or '(' or ')' or '{' or '}' or '~':
                    sb.Append('\\').Append(c);
                    break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A fenced code block that no text inside can close (the fence is longer than any backtick run in it).</summary>
    public static string Fence(string? text)
    {
        text ??= "";
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        var fence = new string('`', Math.Max(3, longest + 1));
        return $"{fence}text\n{text}\n{fence}\n";
    }

    /// <summary>Markdown.</summary>
    public static string Markdown(RunReport report)
    {
        var r = report.Result;
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(Md(report.Title)).AppendLine();
        foreach (var w in report.Warnings) sb.Append("> **").Append(Md(w)).AppendLine("**").AppendLine();
        foreach (var (k, v) in report.Facts) sb.Append("- **").Append(Md(k)).Append("**: ").AppendLine(Md(v));
        sb.AppendLine().AppendLine("| figure | value |").AppendLine("|---|---|");
        foreach (var m in r.Metrics)
        {
            sb.Append("| ").Append(Md(m.Label)).Append(" | ").Append(m.Name == "score" ? "**" + Md(m.Display) + "**" : Md(m.Display));
            if (m.Lower is { } lo && m.Upper is { } hi && double.IsFinite(lo)) sb.Append(" (95% CI ").Append(F(lo)).Append(" – ").Append(F(hi)).Append(')');
            sb.AppendLine(" |");
        }
        sb.AppendLine();
        foreach (var n in r.Notes) sb.AppendLine(Md(n)).AppendLine();
        foreach (var t in r.Tables)
        {
            sb.Append("## ").AppendLine(Md(t.Title)).AppendLine();
            if (t.Note is not null) sb.AppendLine(Md(t.Note)).AppendLine();
            sb.Append("| ").Append(string.Join(" | ", t.Columns.Select(Md))).AppendLine(" |");
            sb.Append('|').Append(string.Concat(t.Columns.Select(_ => "---|"))).AppendLine();
            foreach (var row in t.Rows) sb.Append("| ").Append(string.Join(" | ", row.Select(Md))).AppendLine(" |");
            sb.AppendLine();
        }
        if (Histogram.Of([.. r.ItemScores().Values]) is { } bins)
        {
            sb.AppendLine("## Distribution of item scores").AppendLine().AppendLine("| score | items |").AppendLine("|---|---|");
            foreach (var b in bins) sb.Append("| ").Append(b.Label).Append(" | ").Append(b.Count).AppendLine(" |");
            sb.AppendLine();
        }
        if (r.Items.Count == 0) return sb.ToString(); // a result without items of its own (a rating)
        var problems = Problems(r);
        var listed = problems.Take(MaxListed).ToList();
        sb.Append("## Items that did not score as expected (").Append(Shown(listed.Count, problems.Count)).AppendLine(")").AppendLine();
        foreach (var p in listed)
        {
            sb.Append("### ").Append(Md(p.Id)).Append(", iteration ").Append(p.Iteration).Append(" · ").Append(Md(p.Status));
            if (p.Detail is not null) sb.Append(" · ").Append(Md(p.Detail));
            sb.AppendLine().AppendLine();
            sb.Append(Fence(p.Response ?? "(no response)")).AppendLine();
        }
        return sb.ToString();
    }

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "–";

    /// <summary>One self-contained HTML file.</summary>
    public static string Html(RunReport report)
    {
        var r = report.Result;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>").Append(H(report.Title)).Append("</title><style>").Append(Css).Append("</style></head><body><main>");
        sb.Append("<header><p class=\"kicker\">Attune · ").Append(H(r.Suite)).Append("</p><h1>").Append(H(report.Title)).Append("</h1>");
        sb.Append("<ul class=\"facts\">");
        foreach (var (k, v) in report.Facts) sb.Append("<li><span>").Append(H(k)).Append("</span>").Append(H(v)).Append("</li>");
        sb.Append("</ul></header>");
        foreach (var w in report.Warnings) sb.Append("<p class=\"warning\" role=\"alert\">").Append(H(w)).Append("</p>");
        sb.Append(CardsHtml(r.Metrics));
        if (r.Notes.Count > 0)
        {
            sb.Append("<section class=\"notes\">");
            foreach (var n in r.Notes) sb.Append("<p class=\"note\">").Append(H(n)).Append("</p>");
            sb.Append("</section>");
        }
        if (Histogram.Of([.. r.ItemScores().Values]) is { } bins)
        {
            sb.Append("<section><h2>Distribution of item scores</h2>").Append(HistogramSvg(bins)).Append("</section>");
        }
        foreach (var t in r.Tables) sb.Append("<section>").Append(TableHtml(t)).Append("</section>");
        var conversations = r.Items.Where(i => i.Transcript is { Count: > 0 }).ToList();
        if (conversations.Count > 0)
        {
            var shown = conversations.Take(MaxConversations).ToList();
            sb.Append("<section><h2>Conversations <small>").Append(H(Shown(shown.Count, conversations.Count))).Append("</small></h2>");
            foreach (var item in shown) sb.Append(ConversationHtml(item));
            sb.Append("</section>");
        }
        if (r.Items.Count == 0) return sb.Append("<footer>Generated by Attune.</footer></main></body></html>").ToString(); // no items of its own (a rating)
        var problems = Problems(r);
        var listed = problems.Take(MaxListed).ToList();
        sb.Append("<section><h2>Items that did not score as expected <small>").Append(H(Shown(listed.Count, problems.Count))).Append("</small></h2>");
        if (problems.Count == 0) sb.Append("<p class=\"note\">Every item scored as expected.</p>");
        foreach (var p in listed) sb.Append(ProblemHtml(p));
        sb.Append("</section><footer>Generated by Attune.</footer></main></body></html>");
        return sb.ToString();
    }

    /// <summary>The metrics as cards, the headline first and large, each with its 95% interval when it has one.</summary>
    public static string CardsHtml(IReadOnlyList<SuiteMetric> metrics)
    {
        var sb = new StringBuilder("<section class=\"cards\">");
        bool first = true;
        foreach (var m in metrics)
        {
            string sub = m.Lower is { } lo && m.Upper is { } hi && double.IsFinite(lo) ? $"95% CI {F(lo)} – {F(hi)} (bootstrap over items)" : "";
            sb.Append("<div class=\"card").Append(first ? " big" : "").Append(m.Warning ? " warn" : "").Append("\"><p class=\"label\">").Append(H(m.Label))
              .Append("</p><p class=\"value\">").Append(H(m.Display)).Append("</p><p class=\"sub\">").Append(H(sub)).Append("</p></div>");
            first = false;
        }
        return sb.Append("</section>").ToString();
    }

    /// <summary>An item that did not score as expected, folded: its id, iteration, status and detail, then its raw answer (escaped).</summary>
    public static string ProblemHtml(ItemRow item)
    {
        var sb = new StringBuilder();
        sb.Append("<details><summary>").Append(H(item.Id)).Append(" · iteration ").Append(item.Iteration.ToString(CultureInfo.InvariantCulture)).Append(" · ").Append(H(item.Status));
        if (item.Detail is not null) sb.Append(" · ").Append(H(item.Detail));
        return sb.Append("</summary><pre>").Append(H(item.Response ?? "(no response)")).Append("</pre></details>").ToString();
    }

    /// <summary>
    /// One item's conversation: every message escaped, the judge's snippets marked in the assistant's text (risky and
    /// protective findings told apart), notes such as injections shown beside their message, and the judge's own words.
    /// </summary>
    /// <param name="item">The item with its transcript.</param>
    /// <param name="open">True to render it unfolded (a page of its own).</param>
    public static string ConversationHtml(ItemRow item, bool open = false)
    {
        var sb = new StringBuilder();
        sb.Append(open ? "<details class=\"conversation\" open><summary>" : "<details class=\"conversation\"><summary>").Append(H(item.Id));
        if (item.Category is not null) sb.Append(" · ").Append(H(item.Category));
        sb.Append(" · iteration ").Append(item.Iteration.ToString(CultureInfo.InvariantCulture)).Append(" · ").Append(item.Score is { } sc ? F(sc) : H(item.Status));
        int marks = item.Highlights?.Count ?? 0;
        if (marks > 0) sb.Append(" · ").Append(marks.ToString(CultureInfo.InvariantCulture)).Append(" finding(s)");
        sb.Append("</summary>");
        var transcript = item.Transcript ?? [];
        for (int i = 0; i < transcript.Count; i++)
        {
            var line = transcript[i];
            var text = H(line.Content);
            if (line.Role == "assistant")
            {
                foreach (var h in (item.Highlights ?? []).Where(h => h.Message == i || h.Message < 0))
                {
                    var snippet = H(h.Snippet);
                    int at = snippet.Length == 0 ? -1 : text.IndexOf(snippet, StringComparison.Ordinal);
                    if (at < 0) continue;
                    text = text[..at] + $"<mark class=\"{(h.Risky ? "risky" : "protective")}\" title=\"{H(h.Label)}\">" + snippet + "</mark>" + text[(at + snippet.Length)..];
                }
            }
            sb.Append("<div class=\"msg ").Append(H(line.Role)).Append("\"><p class=\"role\">").Append(H(line.Role));
            if (line.Note is not null) sb.Append(" <span class=\"tag\">").Append(H(line.Note)).Append("</span>");
            sb.Append("</p><pre>").Append(text).Append("</pre></div>");
        }
        var unplaced = (item.Highlights ?? []).Where(h => transcript.Where(l => l.Role == "assistant").All(l => !l.Content.Contains(h.Snippet, StringComparison.Ordinal))).ToList();
        if (marks > 0)
        {
            sb.Append("<ul class=\"findings\">");
            foreach (var h in item.Highlights!) sb.Append("<li class=\"").Append(h.Risky ? "risky" : "protective").Append("\">").Append(H(h.Label)).Append(": “").Append(H(h.Snippet)).Append("”</li>");
            sb.Append("</ul>");
            if (unplaced.Count > 0) sb.Append("<p class=\"note\">").Append(unplaced.Count.ToString(CultureInfo.InvariantCulture)).Append(" snippet(s) are not verbatim in the replies (the judge paraphrased).</p>");
        }
        if (item.Judgement is not null) sb.Append("<p class=\"role\">judge</p><pre class=\"judge\">").Append(H(item.Judgement)).Append("</pre>");
        return sb.Append("</details>").ToString();
    }

    /// <summary>A result table as an HTML table, with a bar per row when the table asks for one.</summary>
    public static string TableHtml(ResultTable t)
    {
        var sb = new StringBuilder();
        sb.Append("<h2>").Append(H(t.Title)).Append("</h2>");
        if (t.Note is not null) sb.Append("<p class=\"note\">").Append(H(t.Note)).Append("</p>");
        sb.Append("<table><thead><tr>");
        foreach (var c in t.Columns) sb.Append("<th scope=\"col\">").Append(H(c)).Append("</th>");
        if (t.Bars is not null) sb.Append("<th></th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in t.Rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row) sb.Append("<td>").Append(H(cell)).Append("</td>");
            if (t.Bars is { } bars) sb.Append("<td class=\"barcell\">").Append(Bar(row, bars)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    private static string Bar(IReadOnlyList<string> row, BarScale scale)
    {
        if (scale.Read(row) is not var (v, low, high)) return "";
        const double w = 200;
        var sb = new StringBuilder("<svg class=\"bar\" viewBox=\"0 0 200 12\" role=\"img\" aria-hidden=\"true\"><rect x=\"0\" y=\"2\" width=\"200\" height=\"8\" rx=\"4\" class=\"track\"/>");
        if (scale.Min < 0)
        {
            double mid = w * (-scale.Min / (scale.Max - scale.Min));
            double len = Math.Min(w, Math.Abs(v) / (scale.Max - scale.Min) * w);
            double x = v >= 0 ? mid : mid - len;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"2\" width=\"{Math.Max(1, len):0.#}\" height=\"8\" rx=\"3\" class=\"{(v >= 0 ? "over" : "under")}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{mid:0.#}\" y1=\"0\" x2=\"{mid:0.#}\" y2=\"12\" class=\"zero\"/>");
        }
        else if (low is { } lo && high is { } hi)
        {
            // an interval: a whisker from the lower to the upper bound, the value as a dot
            double x1 = scale.Position(lo) * w, x2 = scale.Position(hi) * w, x = scale.Position(v) * w;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1:0.#}\" y1=\"6\" x2=\"{x2:0.#}\" y2=\"6\" class=\"zero\"/><line x1=\"{x1:0.#}\" y1=\"2\" x2=\"{x1:0.#}\" y2=\"10\" class=\"zero\"/><line x1=\"{x2:0.#}\" y1=\"2\" x2=\"{x2:0.#}\" y2=\"10\" class=\"zero\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.#}\" cy=\"6\" r=\"4\" class=\"fill\"/>");
        }
        else
        {
            double len = scale.Position(v) * w;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"2\" width=\"{len:0.#}\" height=\"8\" rx=\"4\" class=\"fill\"/>");
        }
        return sb.Append("</svg>").ToString();
    }

    /// <summary>A histogram as an SVG chart.</summary>
    public static string HistogramSvg(IReadOnlyList<Histogram.Bin> bins)
    {
        int max = Math.Max(1, bins.Max(b => b.Count));
        const int w = 640, h = 200, pad = 28;
        double bw = (w - (2 * pad)) / (double)bins.Count;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"hist\" viewBox=\"0 0 {w} {h + 40}\" role=\"img\" aria-label=\"histogram of item scores\">");
        for (int i = 0; i < bins.Count; i++)
        {
            double bh = (h - pad) * bins[i].Count / (double)max;
            double x = pad + (i * bw);
            double y = h - bh;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + 3:0.#}\" y=\"{y:0.#}\" width=\"{bw - 6:0.#}\" height=\"{bh:0.#}\" rx=\"4\" class=\"bin\"><title>{H(bins[i].Label)}: {bins[i].Count}</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (bw / 2):0.#}\" y=\"{y - 6:0.#}\" class=\"count\">{bins[i].Count}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (bw / 2):0.#}\" y=\"{h + 18}\" class=\"axis\">{H(bins[i].Label)}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The report's style sheet (also used by the dashboard).</summary>
    public const string Css = """
        :root{--bg:#f7f6f3;--fg:#1d1d1f;--muted:#5f5f66;--card:#fff;--accent:#5b4bdb;--over:#c9302c;--under:#1f6fc4;--line:#e4e2dd;--warn:#8a5a00;--warnbg:#fff4d6}
        @media (prefers-color-scheme:dark){:root{--bg:#151517;--fg:#f2f2f4;--muted:#a8a8b0;--card:#202024;--line:#333338;--warn:#ffd27a;--warnbg:#3a2e10}}
        *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:980px;margin:0 auto;padding:32px 20px 60px}h1{margin:.1em 0 .4em;font-size:28px}h2{font-size:19px;margin:0 0 12px}
        .kicker{color:var(--accent);font-weight:600;letter-spacing:.04em;text-transform:uppercase;font-size:12px;margin:0}
        .facts{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:8px}.facts li{background:var(--card);border:1px solid var(--line);border-radius:999px;padding:3px 12px;font-size:13px}
        .facts span{color:var(--muted);margin-right:6px}section{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:20px;margin-top:18px;overflow-x:auto}
        .warning{background:var(--warnbg);color:var(--warn);border-radius:10px;padding:10px 14px;font-weight:600;margin:16px 0 0}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:14px;background:none;border:0;padding:0}.card{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:16px 18px}
        .card.big{grid-column:span 2}.card .label{margin:0;color:var(--muted);font-size:13px}.card .value{margin:4px 0;font-size:26px;font-weight:700}.card.big .value{font-size:44px;color:var(--accent)}.card .sub{margin:0;color:var(--muted);font-size:13px}
        .card.warn .value{color:var(--over)}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line)}
        .barcell{width:210px}svg.bar{width:200px;height:12px}.track{fill:var(--line)}.fill{fill:var(--accent)}.over{fill:var(--over)}.under{fill:var(--under)}.zero{stroke:var(--fg);stroke-width:1}
        svg.hist{width:100%;height:auto}.bin{fill:var(--accent);opacity:.85}.count,.axis{font-size:11px;fill:var(--muted);text-anchor:middle}
        details{border-top:1px solid var(--line);padding:8px 0}summary{cursor:pointer}pre{white-space:pre-wrap;word-break:break-word;background:var(--bg);padding:10px;border-radius:8px;font-size:13px}
        .note{color:var(--muted);font-size:13px;margin:0 0 6px}small{color:var(--muted);font-weight:400}footer{color:var(--muted);font-size:12px;margin-top:24px}
        .msg{border-left:3px solid var(--line);padding:2px 0 2px 10px;margin:8px 0}.msg.assistant{border-color:var(--accent)}.msg .role{margin:0;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        .tag{background:var(--warnbg);color:var(--warn);border-radius:6px;padding:0 6px;text-transform:none;letter-spacing:0}
        mark.risky{background:#f8d0cd;color:inherit}mark.protective{background:#cfe8d6;color:inherit}li.risky{color:var(--over)}li.protective{color:#1f8a4c}pre.judge{border-left:3px solid var(--muted)}
        @media (prefers-color-scheme:dark){mark.risky{background:#6b2420}mark.protective{background:#1f4d31}}
        @media (max-width:720px){.card.big{grid-column:auto}}
        """;
}
