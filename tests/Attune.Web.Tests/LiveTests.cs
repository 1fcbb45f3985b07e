using System.Net.Http.Json;
using System.Text.Json;

namespace Attune.Web.Tests;

[Collection(DashboardCollection.Name)]
public class LiveTests(DashboardFixture f)
{
    [BrowserFact]
    public async Task The_live_page_follows_a_run_started_from_the_cli_without_reloading()
    {
        // a store of its own, written by a slow run in another process while the dashboard reads it
        var db = Path.Combine(Directory.CreateTempSubdirectory("attune-live-").FullName, "runs.db");
        await using var server = await ServeProcess.StartAsync(["--db", db]);
        using var run = CliRunner.Start(["run", "--model", "openai:gamma", "--base-url", f.Endpoint.BaseUrl, "--parallel", "1", "--db", db, "--json"],
            new Dictionary<string, string?> { ["ATTUNE_HOME"] = Path.GetDirectoryName(db) });
        try
        {
            using var http = new HttpClient { BaseAddress = server.Url };
            long id = 0;
            for (var deadline = DateTime.UtcNow.AddSeconds(60); id == 0 && DateTime.UtcNow < deadline; await Task.Delay(100))
            {
                var response = await http.GetAsync("/api/runs");
                if (!response.IsSuccessStatusCode) continue; // the store does not exist yet
                var runs = await response.Content.ReadFromJsonAsync<JsonElement>();
                id = runs.EnumerateArray().Where(r => r.GetProperty("status").GetString() == "running").Select(r => r.GetProperty("id").GetInt64()).FirstOrDefault();
            }
            Assert.NotEqual(0, id);
            var page = await f.NewPageAsync();
            int navigations = 0;
            page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };
            await page.GotoAsync(new Uri(server.Url, "/live").ToString());
            await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = $"Watch run {id}" }).ClickAsync();
            await page.WaitForURLAsync(u => u.EndsWith($"/runs/{id}/live", StringComparison.Ordinal));
            Assert.Equal(2, navigations);
            // (the strict policy forbids evaluated strings, so the test polls from here rather than with WaitForFunction)
            async Task<string> WaitFor(string selector, Func<string, bool> done, int seconds)
            {
                var deadline = DateTime.UtcNow.AddSeconds(seconds);
                string text;
                while (!done(text = await page.Locator(selector).InnerTextAsync()) && DateTime.UtcNow < deadline) await Task.Delay(100);
                return text;
            }
            static int Started(string count) => int.Parse(count.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            int before = Started(await page.Locator("#live-count").InnerTextAsync());
            // the count grows while the page stays where it is
            Assert.True(Started(await WaitFor("#live-count", t => Started(t) > before, 30)) > before);
            Assert.Equal("arrive live", await page.Locator("#live-mode").InnerTextAsync());
            await Screenshots.TakeAsync(page, "live");
            Assert.Equal("completed", await WaitFor("#live-status", t => t == "completed", 90));
            // every one of Attune's eq items was started (the item count comes from `attune eq prompts`)
            Assert.Equal($"{ModelWorld.EqIds.Count} / {ModelWorld.EqIds.Count}", await page.Locator("#live-count").InnerTextAsync());
            Assert.Equal(2, navigations);
            Assert.NotEqual("–", await page.Locator("#live-score").InnerTextAsync());
        }
        finally
        {
            if (!run.HasExited) run.Kill(entireProcessTree: true);
        }
    }
}
