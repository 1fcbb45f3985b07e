using Attune.Reporting;

namespace Attune.Web;

/// <summary>The app's own style sheet and script (embedded; no CDN), and the report style sheet it shares with HTML reports.</summary>
internal static class Assets
{
    private static string Read(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream("Attune.Web.Assets." + name) ?? throw new InvalidOperationException($"asset {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static string AppCss { get; } = Read("app.css");

    public static string AppJs { get; } = Read("app.js");

    public static string ReportCss => ReportWriter.Css;
}
