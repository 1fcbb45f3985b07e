namespace Attune.Web.Tests;

/// <summary>A fact that drives Debian's chromium: skipped, with the reason, when /usr/bin/chromium is not installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>The browser the tests drive (never a Playwright download).</summary>
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>The reason given when the browser is missing.</summary>
    public const string SkipReason = "/usr/bin/chromium is not installed (apt-get install chromium; .ci/run installs it)";

    /// <summary>True when the browser is there.</summary>
    public static bool Available => File.Exists(Chromium);

    /// <summary>Sets Skip when the browser is missing.</summary>
    public BrowserFactAttribute()
    {
        if (!Available) Skip = SkipReason;
    }
}
