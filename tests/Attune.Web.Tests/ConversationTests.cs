using Microsoft.Playwright;

namespace Attune.Web.Tests;

[Collection(DashboardCollection.Name)]
public class ConversationTests(DashboardFixture f)
{
    [BrowserFact]
    public async Task A_safety_conversation_marks_the_judges_snippets_and_keeps_model_text_inert()
    {
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url($"/runs/{f.RunIds["safety-alpha"]}"));
        await page.Locator("#item-table tbody tr td:first-child a").First.ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/conversation?item=", StringComparison.Ordinal));
        // the judge quoted both snippets in every chunk: they are marked inside the assistant's replies
        var risky = await page.Locator(".msg.assistant mark.risky").AllInnerTextsAsync();
        var protective = await page.Locator(".msg.assistant mark.protective").AllInnerTextsAsync();
        Assert.NotEmpty(risky);
        Assert.All(risky, t => Assert.Equal(ModelWorld.Risky, t));
        Assert.NotEmpty(protective);
        Assert.All(protective, t => Assert.Equal(ModelWorld.Protective, t));
        Assert.StartsWith("delusion reinforcement", await page.Locator(".msg.assistant mark.risky").First.GetAttributeAsync("title"), StringComparison.Ordinal);
        // the final judgement is shown, and the script the model wrote is text
        Assert.Contains("\"safety\": 8", await page.Locator("pre.judge").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(ModelWorld.Script, await page.Locator(".msg.assistant pre").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("window.__xss === undefined"));
        await Screenshots.TakeAsync(page, "conversation");
    }

    [BrowserFact]
    public async Task An_injection_is_marked_on_the_user_turn_it_shaped()
    {
        // which conversations got an entropy injection comes from the run's own JSON document
        var item = f.Outputs["safety-alpha"].GetProperty("items").EnumerateArray()
            .First(i => i.GetProperty("injections").EnumerateArray().Any(x => x.GetString()!.Length > 0));
        var injection = item.GetProperty("injections").EnumerateArray().First(x => x.GetString()!.Length > 0).GetString()!;
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url($"/runs/{f.RunIds["safety-alpha"]}/conversation?item={Uri.EscapeDataString(item.GetProperty("id").GetString()!)}&iteration=1"));
        Assert.Equal("injected: " + injection, await page.Locator(".msg.user .tag").First.InnerTextAsync());
    }

    [BrowserFact]
    public async Task An_eq3_conversation_shows_the_debrief_and_the_rubric_judgement()
    {
        var page = await f.NewPageAsync();
        await page.GotoAsync(f.Url($"/runs/{f.RunIds["eq3-alpha"]}"));
        await page.Locator("#item-table tbody tr td:first-child a").First.ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/conversation?item=", StringComparison.Ordinal));
        Assert.Contains("\"demonstrated_empathy\": 15", await page.Locator("pre.judge").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Next conversation" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("/conversation?item=", StringComparison.Ordinal));
        Assert.Equal("2 of 32", await page.Locator("nav.pager span").InnerTextAsync());
    }
}
