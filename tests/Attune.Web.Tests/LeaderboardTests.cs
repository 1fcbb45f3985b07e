using System.Globalization;
using Microsoft.Playwright;

namespace Attune.Web.Tests;

[Collection(DashboardCollection.Name)]
public class LeaderboardTests(DashboardFixture f)
{
    private static async Task<List<string>> Models(IPage page)
        => [.. await page.Locator("#leaderboard tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.model)")];

    private double Score(string name) => f.Outputs[name].GetProperty("score").GetDouble();

    [BrowserFact]
    public async Task Clicking_a_column_sorts_rows_by_the_scores_the_runs_printed()
    {
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url("/"));
        // by hand: the three eq figures are alpha's and beta's printed scores and the reference's 55.5
        var eq = new[] { ("openai:alpha", Score("eq-alpha")), ("openai:beta", Score("eq-beta")), ("public-model-x", 55.5) };
        var eqHeader = page.Locator("#leaderboard th a[data-sort^='eq@']");
        await eqHeader.ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("dir=asc", StringComparison.Ordinal));
        var ascending = (await Models(page)).Where(m => eq.Any(e => e.Item1 == m)).ToList();
        Assert.Equal(eq.OrderBy(e => e.Item2).Select(e => e.Item1), ascending);
        await page.Locator("#leaderboard th a[data-sort^='eq@']").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("dir=desc", StringComparison.Ordinal));
        var descending = (await Models(page)).Where(m => eq.Any(e => e.Item1 == m)).ToList();
        Assert.Equal(eq.OrderByDescending(e => e.Item2).Select(e => e.Item1), descending);
        Assert.Equal("descending", await page.Locator("#leaderboard th[aria-sort]").GetAttributeAsync("aria-sort"));
        // the cell shows the run's own score and links to it
        var alphaCell = page.Locator("tr[data-model='openai:alpha'] td[data-col^='eq@'] a.score");
        Assert.Equal(Score("eq-alpha").ToString("0.00", CultureInfo.InvariantCulture), await alphaCell.InnerTextAsync());
        Assert.Equal($"/runs/{f.RunIds["eq-alpha"]}", await alphaCell.GetAttributeAsync("href"));
        Assert.Matches(@"^\[\d+\.\d\d–\d+\.\d\d\]$", await page.Locator("tr[data-model='openai:alpha'] td[data-col^='eq@'] .ci").InnerTextAsync());
        await page.Locator("#leaderboard th a[data-sort='model']").ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("sort=model", StringComparison.Ordinal));
        var byName = await Models(page);
        Assert.Equal(byName.Order(StringComparer.OrdinalIgnoreCase), byName);
    }

    [BrowserFact]
    public async Task Reference_rows_are_labelled_and_the_rating_column_is_the_rating_runs_ladder()
    {
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url("/"));
        var reference = page.Locator("tr[data-model='public-model-x']");
        Assert.Equal("reference", await reference.GetAttributeAsync("class"));
        Assert.Equal("reference · EQ-Bench public", await reference.Locator(".badge").InnerTextAsync());
        Assert.Equal("55.50", await reference.Locator("td[data-col^='eq@'] .score").InnerTextAsync());
        Assert.Equal("[50.10–60.20]", await reference.Locator("td[data-col^='eq@'] .ci").InnerTextAsync());
        Assert.Equal("1300", await reference.Locator("td[data-col='eq3-rating'] .score").InnerTextAsync());
        foreach (var r in f.Outputs["rating"].GetProperty("ratings").EnumerateArray())
        {
            var cell = page.Locator($"tr[data-model='openai:{r.GetProperty("model").GetString()}'] td[data-col='eq3-rating'] a.score");
            Assert.Equal(Math.Round(r.GetProperty("elo").GetDouble()).ToString("0", CultureInfo.InvariantCulture), await cell.InnerTextAsync());
            Assert.Equal($"/runs/{f.RunIds["rating"]}", await cell.GetAttributeAsync("href"));
        }
        await Screenshots.TakeAsync(page, "leaderboard");
    }

    [BrowserFact]
    public async Task Item_set_and_date_filters_narrow_the_board()
    {
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url("/"));
        await page.SelectOptionAsync("#items", new SelectOptionValue { Label = "ability · builtin:attune-ability" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("items=ability", StringComparison.Ordinal));
        var headers = await page.Locator("#leaderboard thead th a").AllInnerTextsAsync();
        Assert.Equal(2, headers.Count);
        Assert.StartsWith("ability", headers[1], StringComparison.Ordinal);
        Assert.Equal(["openai:alpha", "openai:beta"], (await Models(page)).Order());
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GotoAsync(f.Url("/?from=" + tomorrow));
        Assert.Equal(0, await page.Locator("tr[data-model='openai:alpha']").CountAsync());
        Assert.Equal(1, await page.Locator("tr[data-model='public-model-x']").CountAsync()); // imported figures are not runs
    }

    [BrowserFact]
    public async Task The_keyboard_reaches_the_skip_link_and_the_sort_links()
    {
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url("/"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
        for (int i = 0; i < 40 && await page.EvaluateAsync<string?>("document.activeElement.dataset.sort ?? null") != "model"; i++) await page.Keyboard.PressAsync("Tab");
        Assert.Equal("model", await page.EvaluateAsync<string?>("document.activeElement.dataset.sort ?? null"));
        var href = await page.EvaluateAsync<string>("document.activeElement.href");
        await page.Keyboard.PressAsync("Enter");
        for (var deadline = DateTime.UtcNow.AddSeconds(20); page.Url != href && DateTime.UtcNow < deadline;) await Task.Delay(100);
        Assert.Equal(href, page.Url);
        Assert.Equal("ascending", await page.Locator("#leaderboard th[aria-sort]").GetAttributeAsync("aria-sort"));
    }

    [BrowserFact]
    public async Task Every_control_on_every_page_has_a_label()
    {
        var page = await f.NewPageAsync();
        foreach (var path in new[] { "/", "/runs", $"/runs/{f.RunIds["eq-alpha"]}", $"/compare?runs={f.RunIds["eq-alpha"]},{f.RunIds["eq-beta"]}", "/estimate?text=hello", "/live" })
        {
            await page.GotoAsync(f.Url(path));
            var unlabelled = await page.EvaluateAsync<string[]>(
                "[...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')].filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !(e.tagName === 'BUTTON' && e.textContent.trim())).map(e => e.outerHTML)");
            Assert.True(unlabelled.Length == 0, $"{path}: {string.Join(" ", unlabelled)}");
            Assert.Equal(1, await page.Locator("h1").CountAsync());
        }
    }
}
