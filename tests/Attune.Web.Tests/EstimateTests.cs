using System.Text.Json;
using Microsoft.Playwright;

namespace Attune.Web.Tests;

[Collection(DashboardCollection.Name)]
public class EstimateTests(DashboardFixture f)
{
    private const string Text = "Thank you so much, this made my day! I am thrilled.";

    [BrowserFact]
    public async Task The_text_box_shows_the_estimators_emotions_as_bars_in_the_chosen_taxonomy()
    {
        // the same text through `attune estimate` gives the labels to expect
        var cli = await CliRunner.RunAsync(["estimate", Text, "--taxonomy", "ekman", "--json"]);
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        using var expected = JsonDocument.Parse(cli.Stdout);
        var labels = expected.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url("/estimate"));
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync(Text);
        await page.GetByLabel("Taxonomy").SelectOptionAsync("ekman");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("taxonomy=ekman", StringComparison.Ordinal));
        // Ekman: six emotions and neutral, one bar each; the labels above threshold are the CLI's
        Assert.Equal(7, await page.Locator("#estimate-result svg.bars rect.fill").CountAsync());
        Assert.Equal(labels.Order(), (await page.Locator("#estimate-result svg.bars text.on").AllTextContentsAsync()).Order());
        Assert.Equal(Text, await page.GetByLabel("Text", new() { Exact = true }).InputValueAsync());
        await Screenshots.TakeAsync(page, "estimate");
    }
}
