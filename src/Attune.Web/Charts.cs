using System.Globalization;
using System.Text;
using static Attune.Web.Html;

namespace Attune.Web;

/// <summary>Charts drawn on the server as SVG (no script, no external resource; classes only, so the strict CSP holds).</summary>
internal static class Charts
{
    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A scatter of paired item scores (A on x, B on y) with the line of no difference.</summary>
    public static string Scatter(IReadOnlyList<(string Id, double A, double B)> points, string labelA, string labelB)
    {
        const double size = 360, pad = 44, plot = size - (2 * pad);
        double lo = Math.Min(0, points.Count == 0 ? 0 : points.Min(p => Math.Min(p.A, p.B)));
        double hi = Math.Max(points.Count == 0 ? 100 : points.Max(p => Math.Max(p.A, p.B)), lo + 1);
        if (hi <= 100 && lo >= 0) hi = 100;
        double X(double v) => pad + ((v - lo) / (hi - lo) * plot);
        double Y(double v) => size - pad - ((v - lo) / (hi - lo) * plot);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"scatter\" viewBox=\"0 0 {N(size)} {N(size)}\" role=\"img\" aria-label=\"{H($"item scores: {labelA} (x) against {labelB} (y), {points.Count} items")}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(pad)}\" y=\"{N(pad)}\" width=\"{N(plot)}\" height=\"{N(plot)}\" class=\"frame\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(X(lo))}\" y1=\"{N(Y(lo))}\" x2=\"{N(X(hi))}\" y2=\"{N(Y(hi))}\" class=\"diag\"/>");
        foreach (var t in new[] { lo, (lo + hi) / 2, hi })
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(t))}\" y=\"{N(size - pad + 16)}\" class=\"axis\">{N(t)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(pad - 6)}\" y=\"{N(Y(t) + 4)}\" class=\"axis end\">{N(t)}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(size / 2)}\" y=\"{N(size - 6)}\" class=\"axis\">{H(labelA)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{N(size / 2)}\" class=\"axis\" transform=\"rotate(-90 12 {N(size / 2)})\">{H(labelB)}</text>");
        foreach (var (id, a, b) in points)
        {
            string cls = b > a ? "pt up" : b < a ? "pt down" : "pt";
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(a))}\" cy=\"{N(Y(b))}\" r=\"4\" class=\"{cls}\"><title>{H(id)}: {F(a)} → {F(b)}</title></circle>");
        }
        return sb.Append("</svg>").ToString();
    }

    /// <summary>Horizontal bars for label scores in 0–1, the predicted labels marked.</summary>
    public static string Bars(IReadOnlyList<(string Label, double Value, bool Predicted)> bars)
    {
        const double width = 560, row = 24, labelWidth = 150, barWidth = width - labelWidth - 60;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"bars\" viewBox=\"0 0 {N(width)} {N(bars.Count * row + 4)}\" role=\"img\" aria-label=\"emotion intensities\">");
        for (int i = 0; i < bars.Count; i++)
        {
            var (label, value, predicted) = bars[i];
            double y = (i * row) + 4;
            double len = Math.Clamp(value, 0, 1) * barWidth;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(labelWidth - 8)}\" y=\"{N(y + 14)}\" class=\"label end{(predicted ? " on" : "")}\">{H(label)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(labelWidth)}\" y=\"{N(y + 3)}\" width=\"{N(barWidth)}\" height=\"14\" rx=\"4\" class=\"track\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(labelWidth)}\" y=\"{N(y + 3)}\" width=\"{N(Math.Max(len, 1))}\" height=\"14\" rx=\"4\" class=\"{(predicted ? "fill" : "fill weak")}\"><title>{H(label)}: {value.ToString("0.000", CultureInfo.InvariantCulture)}</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(labelWidth + barWidth + 8)}\" y=\"{N(y + 14)}\" class=\"label\">{value.ToString("0.00", CultureInfo.InvariantCulture)}</text>");
        }
        return sb.Append("</svg>").ToString();
    }
}
