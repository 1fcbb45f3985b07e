using System.Globalization;
using Microsoft.Playwright;

namespace Attune.Web.Tests;

[Collection(DashboardCollection.Name)]
public class RunPageTests(DashboardFixture f)
{
    [BrowserFact]
    public async Task The_status_filter_keeps_only_the_unparsed_answers_and_their_raw_text_shows_as_text()
    {
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url($"/runs/{f.RunIds["eq-alpha"]}"));
        Assert.Equal(64, await page.Locator("#item-table tbody tr").CountAsync()); // Attune's 64 eq items, one iteration
        await page.SelectOptionAsync("#status", "unparsed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("status=unparsed", StringComparison.Ordinal));
        var ids = await page.Locator("#item-table tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Equal(ModelWorld.AlphaUnparsed.Order(), ids.Order());
        // the answer with a script element is shown verbatim, as text, among the parse failures; nothing ran
        var raw = page.Locator("#problems pre", new() { HasTextString = ModelWorld.Script });
        Assert.Equal(1, await raw.CountAsync());
        Assert.Contains(ModelWorld.Script, await raw.TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("window.__xss === undefined"));
        Assert.Equal(["/assets/app.js"], await page.EvaluateAsync<string[]>("[...document.scripts].map(s => s.getAttribute('src'))"));
        await Screenshots.TakeAsync(page, "run-filtered");
    }

    [BrowserFact]
    public async Task Sorting_by_score_and_the_charts_of_the_report_are_there()
    {
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url($"/runs/{f.RunIds["eq-beta"]}"));
        await page.Locator("#item-table th a[data-sort='score']").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("sort=score", StringComparison.Ordinal));
        var scores = (await page.Locator("#item-table tbody tr td:nth-child(4)").AllInnerTextsAsync()).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(scores.OrderDescending(), scores); // a new score column sorts high to low first
        // the report's headline and its per-emotion chart with bars
        Assert.Equal(f.Outputs["eq-beta"].GetProperty("score").GetDouble().ToString("0.00", CultureInfo.InvariantCulture), await page.Locator(".card.big .value").InnerTextAsync());
        var emotions = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Which emotions the model over- and under-rates" }) });
        Assert.True(await emotions.Locator("svg.bar").CountAsync() > 0);
        Assert.Equal(1, await page.Locator("svg.hist").CountAsync());
        await Screenshots.TakeAsync(page, "run");
        // eq3: the per-criterion chart (ability columns) with bars, and conversations linked from the items
        await page.GotoAsync(f.Url($"/runs/{f.RunIds["eq3-alpha"]}"));
        var abilities = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Ability columns (mean raw 0–20 rubric values)" }) });
        Assert.Equal(11, await abilities.Locator("svg.bar").CountAsync());
        Assert.Equal(32, await page.Locator("#item-table tbody tr td:first-child a").CountAsync()); // Attune's 32 eq3 scenarios
    }

    [BrowserFact]
    public async Task A_rating_run_shows_its_ladder()
    {
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url($"/runs/{f.RunIds["rating"]}"));
        var rows = await page.Locator("table tbody tr td:first-child").AllInnerTextsAsync();
        var expected = f.Outputs["rating"].GetProperty("ratings").EnumerateArray().OrderByDescending(r => r.GetProperty("elo").GetDouble()).Select(r => r.GetProperty("model").GetString()!).ToList();
        Assert.Equal(expected, rows);
    }
}
