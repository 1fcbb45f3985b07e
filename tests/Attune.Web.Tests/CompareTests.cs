using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Attune.Web.Tests;

[Collection(DashboardCollection.Name)]
public class CompareTests(DashboardFixture f)
{
    [BrowserFact]
    public async Task Two_runs_ticked_on_the_runs_page_are_compared_with_the_paired_test_of_runs_compare()
    {
        long a = f.RunIds["eq-alpha"], b = f.RunIds["eq-beta"];
        var cli = await CliRunner.RunAsync(["runs", "compare", a.ToString(CultureInfo.InvariantCulture), b.ToString(CultureInfo.InvariantCulture), "--db", f.Db, "--json"]);
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        using var expected = JsonDocument.Parse(cli.Stdout);
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url("/runs"));
        await page.Locator($"#pick-{b}").CheckAsync(); // ticked out of order: the form sends them in table order
        await page.Locator($"#pick-{a}").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare selected runs" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/compare", StringComparison.Ordinal));
        // the runs page lists newest first, so beta's run (newer) is the baseline
        var row = page.Locator("#paired-table tbody tr");
        Assert.Equal(1, await row.CountAsync());
        var cells = await row.Locator("td").AllInnerTextsAsync();
        var root = expected.RootElement;
        // B − A of the CLI is beta − alpha; the page's baseline is beta, so its difference is alpha − beta
        Assert.Equal((-root.GetProperty("difference").GetDouble()).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture), cells[1]);
        int pairs = root.GetProperty("pairedItems").GetInt32();
        Assert.Equal(pairs.ToString(CultureInfo.InvariantCulture), cells[2]);
        Assert.Equal(root.GetProperty("pValue").GetDouble().ToString("0.0000", CultureInfo.InvariantCulture), cells[5]);
        Assert.Equal($"{root.GetProperty("betterInA").GetInt32()} / {root.GetProperty("betterInB").GetInt32()}", cells[6]);
        Assert.Equal(pairs, await page.Locator("#scatter svg.scatter circle").CountAsync());
        Assert.Equal(64, await page.Locator("#item-diff-table tbody tr").CountAsync());
        await Screenshots.TakeAsync(page, "compare");
    }

    [BrowserFact]
    public async Task Runs_on_different_items_are_shown_side_by_side_with_the_reason_they_cannot_be_paired()
    {
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url($"/compare?runs={f.RunIds["eq-alpha"]},{f.RunIds["ability-alpha"]}"));
        Assert.Contains("different suites or item sets", await page.Locator("#paired-table tbody").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(3, await page.Locator("#side-by-side thead th").CountAsync());
    }
}
