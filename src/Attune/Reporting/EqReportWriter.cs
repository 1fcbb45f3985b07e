using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Attune.Suites.Eq;

namespace Attune.Reporting;

/// <summary>Renders an <see cref="EqReport"/> as one self-contained HTML file, Markdown, or JSON. Model text is always escaped.</summary>
public static class EqReportWriter
{
    private static string F(double v, string format = "0.00") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string H(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>Renders in a format: <c>html</c>, <c>md</c> or <c>json</c>.</summary>
    public static string Render(EqReport report, string format) => format.ToLowerInvariant() switch
    {
        "html" => Html(report),
        "md" or "markdown" => Markdown(report),
        "json" => Json(report),
        _ => throw new InputException($"--format: \"{format}\" is not supported; use html, md or json"),
    };

    /// <summary>The JSON document: the run's result document plus the report's figures.</summary>
    public static string Json(EqReport report)
    {
        var doc = JsonNode.Parse(EqJsonReport.Write(report.Result, new EqJsonReport.Context(
            report.Facts.GetValueOrDefault("model"), report.Facts.GetValueOrDefault("items") ?? "",
            report.Facts.GetValueOrDefault("language") == "de" ? EqLanguage.De : EqLanguage.En,
            report.Facts.GetValueOrDefault("revise") == "true")))!.AsObject();
        doc["ci95"] = new JsonArray(Num(report.CiLower), Num(report.CiUpper));
        var facts = new JsonObject();
        foreach (var (k, v) in report.Facts) facts[k] = v;
        doc["run"] = facts;
        doc["histogram"] = new JsonArray([.. report.Histogram.Select(b => (JsonNode)new JsonObject { ["bin"] = b.Label, ["count"] = b.Count })]);
        doc["emotionErrors"] = new JsonArray([.. report.EmotionErrors.Select(e => (JsonNode)new JsonObject
        {
            ["emotion"] = e.Emotion, ["count"] = e.Count, ["meanSignedError"] = e.MeanSignedError, ["meanAbsoluteError"] = e.MeanAbsoluteError,
        })]);
        return doc.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    /// <summary>Markdown.</summary>
    public static string Markdown(EqReport r)
    {
        var p = r.Result.Primary;
        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(r.Title).AppendLine();
        foreach (var (k, v) in r.Facts) sb.Append("- **").Append(k).Append("**: ").AppendLine(v);
        sb.AppendLine();
        sb.AppendLine("| figure | value |").AppendLine("|---|---|");
        sb.Append("| score (").Append(p.Parser == EqParserKind.Strict ? "strict, leaderboard-comparable" : "lenient, not leaderboard-comparable").Append(") | **").Append(F(p.Score)).AppendLine("** |");
        sb.Append("| 95% CI (bootstrap over items) | ").Append(F(r.CiLower)).Append(" – ").Append(F(r.CiUpper)).AppendLine(" |");
        sb.Append("| parseable | ").Append(F(p.Parseable)).Append(" / ").Append(p.Questions).Append(p.FailedParseThreshold ? " (below 83.33%: failed)" : "").AppendLine(" |");
        var other = r.Result.Parser == EqParserKind.Strict ? r.Result.Lenient : r.Result.Strict;
        sb.Append("| ").Append(r.Result.Parser == EqParserKind.Strict ? "lenient score (not comparable)" : "strict score").Append(" | ").Append(F(other.Score)).AppendLine(" |");
        sb.AppendLine().AppendLine("## Iterations").AppendLine().AppendLine("| iteration | first pass | parseable | revised | parseable | final |").AppendLine("|---|---|---|---|---|---|");
        foreach (var it in p.Iterations)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {it.Iteration} | {F(it.FirstPassScore)} | {it.FirstPassParseable} | {F(it.RevisedScore)} | {it.RevisedParseable} | {F(it.FinalScore)} |").AppendLine();
        }
        sb.AppendLine().AppendLine("## Distribution of item scores").AppendLine().AppendLine("| score | questions |").AppendLine("|---|---|");
        foreach (var b in r.Histogram) sb.Append("| ").Append(b.Label).Append(" | ").Append(b.Count).AppendLine(" |");
        sb.AppendLine().AppendLine("## Per-emotion error (answer − reference)").AppendLine().AppendLine("| emotion | answers | mean signed error | mean absolute error |").AppendLine("|---|---|---|---|");
        foreach (var e in r.EmotionErrors.Take(25))
        {
            sb.Append("| ").Append(e.Emotion).Append(" | ").Append(e.Count).Append(" | ").Append(F(e.MeanSignedError, "+0.00;-0.00;0.00")).Append(" | ").Append(F(e.MeanAbsoluteError)).AppendLine(" |");
        }
        sb.AppendLine().Append("## Parse failures (").Append(r.ParseFailures.Count).AppendLine(")").AppendLine();
        foreach (var f in r.ParseFailures.Take(200))
        {
            sb.Append("### Question ").Append(f.Id).Append(", iteration ").Append(f.Iteration).AppendLine().AppendLine();
            sb.AppendLine("```text").AppendLine((f.Response ?? "(no response)").Replace("```", "ʼʼʼ", StringComparison.Ordinal)).AppendLine("```").AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>One self-contained HTML file (inline CSS and SVG, no scripts, no external resources).</summary>
    public static string Html(EqReport r)
    {
        var p = r.Result.Primary;
        var other = r.Result.Parser == EqParserKind.Strict ? r.Result.Lenient : r.Result.Strict;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>").Append(H(r.Title)).Append("</title><style>").Append(Css).Append("</style></head><body><main>");
        sb.Append("<header><p class=\"kicker\">Attune · EQ-Bench ").Append(p.Version == EqVersion.V1 ? "v1" : "v2").Append("</p><h1>").Append(H(r.Title)).Append("</h1>");
        sb.Append("<ul class=\"facts\">");
        foreach (var (k, v) in r.Facts) sb.Append("<li><span>").Append(H(k)).Append("</span>").Append(H(v)).Append("</li>");
        sb.Append("</ul></header>");
        sb.Append("<section class=\"cards\">");
        Card(sb, p.Parser == EqParserKind.Strict ? "Score · strict, leaderboard-comparable" : "Score · lenient, not leaderboard-comparable", F(p.Score), $"95% CI {F(r.CiLower)} – {F(r.CiUpper)} (bootstrap over items)", "big");
        Card(sb, "Parseable", $"{F(p.Parseable, "0.##")} / {p.Questions}", p.FailedParseThreshold ? "below 83.33%: the run fails the threshold" : "above the 83.33% threshold", p.FailedParseThreshold ? "warn" : "");
        Card(sb, r.Result.Parser == EqParserKind.Strict ? "Lenient score (not comparable)" : "Strict score (comparable)", F(other.Score), $"{F(other.Parseable, "0.##")} parseable", "");
        sb.Append("</section>");
        sb.Append("<section><h2>Iterations</h2><table><thead><tr><th>iteration</th><th>first pass</th><th>parseable</th><th>revised</th><th>parseable</th><th>final</th></tr></thead><tbody>");
        foreach (var it in p.Iterations)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{it.Iteration}</td><td>{F(it.FirstPassScore)}</td><td>{it.FirstPassParseable}</td><td>{F(it.RevisedScore)}</td><td>{it.RevisedParseable}</td><td><b>{F(it.FinalScore)}</b></td></tr>");
        }
        sb.Append("</tbody></table></section>");
        sb.Append("<section><h2>Distribution of item scores</h2>").Append(Histogram(r.Histogram)).Append("</section>");
        sb.Append("<section><h2>Which emotions the model over- and under-rates</h2><p class=\"note\">Mean of answer − reference over scored answers, for emotion words rated at least twice; bars to the right are over-rated.</p>");
        sb.Append(Diverging(r.EmotionErrors.Where(e => e.Count >= 2).Take(20).ToList())).Append("</section>");
        sb.Append("<section><h2>Parse failures <small>").Append(r.ParseFailures.Count).Append("</small></h2>");
        if (r.ParseFailures.Count == 0) sb.Append("<p class=\"note\">Every answer was parsed.</p>");
        foreach (var f in r.ParseFailures.Take(500))
        {
            sb.Append("<details><summary>question ").Append(H(f.Id)).Append(" · iteration ").Append(f.Iteration).Append(" · ").Append(f.Attempts).Append(" attempt(s)");
            if (f.Error is not null) sb.Append(" · ").Append(H(f.Error));
            sb.Append("</summary><pre>").Append(H(f.Response ?? "(no response)")).Append("</pre></details>");
        }
        sb.Append("</section><footer>Generated by Attune. Scores on the official question file compare with the public EQ-Bench leaderboard only under the strict parser.</footer></main></body></html>");
        return sb.ToString();
    }

    private static void Card(StringBuilder sb, string label, string value, string sub, string cls)
        => sb.Append("<div class=\"card ").Append(cls).Append("\"><p class=\"label\">").Append(H(label)).Append("</p><p class=\"value\">").Append(H(value)).Append("</p><p class=\"sub\">").Append(H(sub)).Append("</p></div>");

    private static string Histogram(IReadOnlyList<EqReport.Bin> bins)
    {
        int max = Math.Max(1, bins.Max(b => b.Count));
        const int w = 640, h = 200, pad = 28;
        double bw = (w - (2 * pad)) / (double)bins.Count;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {w} {h + 40}\" role=\"img\" aria-label=\"histogram of item scores\">");
        for (int i = 0; i < bins.Count; i++)
        {
            double bh = (h - pad) * bins[i].Count / (double)max;
            double x = pad + (i * bw);
            double y = h - bh;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + 3:0.#}\" y=\"{y:0.#}\" width=\"{bw - 6:0.#}\" height=\"{bh:0.#}\" rx=\"4\" class=\"bar\"><title>{H(bins[i].Label)}: {bins[i].Count}</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (bw / 2):0.#}\" y=\"{y - 6:0.#}\" class=\"count\">{bins[i].Count}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (bw / 2):0.#}\" y=\"{h + 18}\" class=\"axis\">{H(bins[i].Label)}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Diverging(IReadOnlyList<EqReport.EmotionError> errors)
    {
        if (errors.Count == 0) return "<p class=\"note\">Not enough scored answers.</p>";
        double max = Math.Max(0.5, errors.Max(e => Math.Abs(e.MeanSignedError)));
        const int w = 640, row = 24, labelW = 150, valueW = 110;
        int h = (errors.Count * row) + 10;
        double half = (w - labelW - valueW) / 2.0;
        double mid = labelW + half;
        double scale = (half - 8) / max;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"per-emotion error\"><line x1=\"{mid:0.#}\" y1=\"0\" x2=\"{mid:0.#}\" y2=\"{h}\" class=\"zero\"/>");
        for (int i = 0; i < errors.Count; i++)
        {
            var e = errors[i];
            double y = 5 + (i * row);
            double len = Math.Abs(e.MeanSignedError) * scale;
            double x = e.MeanSignedError >= 0 ? mid : mid - len;
            string cls = e.MeanSignedError >= 0 ? "over" : "under";
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelW - 8}\" y=\"{y + 15:0.#}\" class=\"label\">{H(e.Emotion)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y + 3:0.#}\" width=\"{Math.Max(1, len):0.#}\" height=\"{row - 8}\" rx=\"3\" class=\"{cls}\"><title>{H(e.Emotion)}: {F(e.MeanSignedError, "+0.00;-0.00;0.00")} over {e.Count} answers</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{w - 4}\" y=\"{y + 15:0.#}\" class=\"val {cls}\">{F(e.MeanSignedError, "+0.00;-0.00;0.00")} <tspan class=\"n\">n={e.Count}</tspan></text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private const string Css = """
        :root{--bg:#f7f6f3;--fg:#1d1d1f;--muted:#6b6b70;--card:#fff;--accent:#5b4bdb;--over:#d9534f;--under:#2a7fd4;--line:#e4e2dd}
        @media (prefers-color-scheme:dark){:root{--bg:#151517;--fg:#f2f2f4;--muted:#a0a0a8;--card:#202024;--line:#333338}}
        *{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:960px;margin:0 auto;padding:32px 20px 60px}h1{margin:.1em 0 .4em;font-size:28px}h2{font-size:19px;margin:0 0 12px}
        .kicker{color:var(--accent);font-weight:600;letter-spacing:.04em;text-transform:uppercase;font-size:12px;margin:0}
        .facts{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:8px}.facts li{background:var(--card);border:1px solid var(--line);border-radius:999px;padding:3px 12px;font-size:13px}
        .facts span{color:var(--muted);margin-right:6px}section{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:20px;margin-top:18px}
        .cards{display:grid;grid-template-columns:2fr 1fr 1fr;gap:14px;background:none;border:0;padding:0}.card{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:16px 18px}
        .card .label{margin:0;color:var(--muted);font-size:13px}.card .value{margin:4px 0;font-size:30px;font-weight:700}.card.big .value{font-size:46px;color:var(--accent)}.card .sub{margin:0;color:var(--muted);font-size:13px}
        .card.warn .value{color:var(--over)}table{border-collapse:collapse;width:100%}th,td{text-align:right;padding:6px 10px;border-bottom:1px solid var(--line)}th:first-child,td:first-child{text-align:left}
        svg{width:100%;height:auto}.bar{fill:var(--accent);opacity:.85}.count,.axis{font-size:11px;fill:var(--muted);text-anchor:middle}.label{font-size:12px;fill:var(--fg);text-anchor:end}
        .over{fill:var(--over)}.under{fill:var(--under)}.val{font-size:11px;text-anchor:end}.n{fill:var(--muted)}.zero{stroke:var(--line);stroke-width:2}
        details{border-top:1px solid var(--line);padding:8px 0}summary{cursor:pointer}pre{white-space:pre-wrap;background:var(--bg);padding:10px;border-radius:8px;font-size:13px}
        .note{color:var(--muted);font-size:13px;margin-top:0}small{color:var(--muted);font-weight:400}footer{color:var(--muted);font-size:12px;margin-top:24px}
        @media (max-width:720px){.cards{grid-template-columns:1fr}}
        """;
}
