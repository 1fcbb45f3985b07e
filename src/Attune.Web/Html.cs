using System.Globalization;
using System.Net;
using System.Text;

namespace Attune.Web;

/// <summary>The page shell (one style sheet, one script, all served by the app) and small escaping and formatting helpers.</summary>
internal static class Html
{
    /// <summary>HTML-escapes text (model text, names, anything not written here).</summary>
    public static string H(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>A query-string value.</summary>
    public static string U(string? s) => Uri.EscapeDataString(s ?? "");

    /// <summary>A number with two decimals, or an en dash.</summary>
    public static string F(double? v, string format = "0.00") => v is { } d && double.IsFinite(d) ? d.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>An integer, invariant.</summary>
    public static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>The navigation entries: path and label.</summary>
    private static readonly (string Path, string Label)[] Nav = [("/", "Leaderboard"), ("/runs", "Runs"), ("/compare", "Compare"), ("/live", "Live"), ("/estimate", "Estimate")];

    /// <summary>A whole page: head, skip link, navigation, the body, footer.</summary>
    public static string Page(string title, string current, string body)
    {
        var sb = new StringBuilder(body.Length + 2048);
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>").Append(H(title)).Append(" · Attune</title>");
        sb.Append("<link rel=\"stylesheet\" href=\"/assets/report.css\"><link rel=\"stylesheet\" href=\"/assets/app.css\"><script src=\"/assets/app.js\" defer></script></head><body>");
        sb.Append("<a class=\"skip\" href=\"#main\">Skip to content</a>");
        sb.Append("<header class=\"top\"><nav aria-label=\"Main\"><a class=\"brand\" href=\"/\">Attune</a><ul>");
        foreach (var (path, label) in Nav)
        {
            sb.Append("<li><a href=\"").Append(path).Append('"').Append(path == current ? " aria-current=\"page\"" : "").Append('>').Append(label).Append("</a></li>");
        }
        sb.Append("</ul></nav></header><main id=\"main\" tabindex=\"-1\">").Append(body).Append("</main>");
        sb.Append("<footer class=\"foot\">Attune dashboard · reads the run store read-only · <a href=\"/api\">HTTP API</a></footer></body></html>");
        return sb.ToString();
    }

    /// <summary>A page that says what went wrong (never a stack trace).</summary>
    public static string ErrorPage(string title, string message, string current = "")
        => Page(title, current, $"<h1>{H(title)}</h1><p class=\"warning\" role=\"alert\">{H(message)}</p><p><a href=\"/\">Back to the leaderboard</a></p>");

    /// <summary>A <c>&lt;select&gt;</c> with a visible label.</summary>
    public static string Select(string id, string name, string label, IEnumerable<(string Value, string Text)> options, string? selected)
    {
        var sb = new StringBuilder();
        sb.Append("<div class=\"field\"><label for=\"").Append(id).Append("\">").Append(H(label)).Append("</label><select id=\"").Append(id).Append("\" name=\"").Append(name).Append("\">");
        foreach (var (value, text) in options)
        {
            sb.Append("<option value=\"").Append(H(value)).Append('"').Append(value == (selected ?? "") ? " selected" : "").Append('>').Append(H(text)).Append("</option>");
        }
        return sb.Append("</select></div>").ToString();
    }

    /// <summary>An <c>&lt;input&gt;</c> with a visible label.</summary>
    public static string Input(string id, string name, string label, string type, string? value, string? extra = null)
        => $"<div class=\"field\"><label for=\"{id}\">{H(label)}</label><input id=\"{id}\" name=\"{name}\" type=\"{type}\" value=\"{H(value)}\"{(extra is null ? "" : " " + extra)}></div>";
}
