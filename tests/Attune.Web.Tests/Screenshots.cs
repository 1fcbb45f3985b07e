using Microsoft.Playwright;

namespace Attune.Web.Tests;

/// <summary>
/// Screenshots of the main pages: written to the test output folder, and to docs/screenshots (for the README) when
/// ATTUNE_SCREENSHOTS=1, so an ordinary test run never changes the working tree.
/// </summary>
public static class Screenshots
{
    /// <summary>The pages the README shows.</summary>
    public static readonly string[] ForReadme = ["leaderboard", "leaderboard-phone", "run", "compare", "conversation", "live", "estimate"];

    public static async Task TakeAsync(IPage page, string name)
    {
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        var local = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(local);
        await File.WriteAllBytesAsync(Path.Combine(local, name + ".png"), bytes);
        if (Environment.GetEnvironmentVariable("ATTUNE_SCREENSHOTS") == "1" && ForReadme.Contains(name))
        {
            var docs = Path.Combine(SharedData.RepoRoot, "docs", "screenshots");
            Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, name + ".png"), bytes);
        }
    }
}
