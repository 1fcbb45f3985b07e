namespace Attune.Web.Tests;

[Collection(DashboardCollection.Name)]
public class PhoneTests(DashboardFixture f)
{
    [BrowserFact]
    public async Task On_a_phone_the_pages_fit_the_screen_and_wide_tables_scroll_inside_themselves()
    {
        var page = await f.NewPageAsync(390, 844);
        foreach (var (path, name) in new[] { ("/", "leaderboard-phone"), ($"/runs/{f.RunIds["eq-alpha"]}", "run-phone"), ($"/runs/{f.RunIds["safety-alpha"]}/conversation?item={Uri.EscapeDataString(f.Outputs["safety-alpha"].GetProperty("items")[0].GetProperty("id").GetString()!)}&iteration=1", "conversation-phone") })
        {
            await page.GotoAsync(f.Url(path));
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            var wide = overflow <= 1 ? [] : await page.EvaluateAsync<string[]>("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.tablewrap, section, svg')).slice(0, 5).map(e => e.tagName + '.' + e.className)");
            Assert.True(overflow <= 1, $"{path}: the page is {overflow}px wider than the screen: {string.Join(", ", wide)}");
            // navigation stays reachable: every link of the main menu is inside the viewport
            var outside = await page.EvaluateAsync<int>("[...document.querySelectorAll('nav[aria-label=Main] a')].filter(a => a.getBoundingClientRect().right > window.innerWidth).length");
            Assert.Equal(0, outside);
            if (name != "conversation-phone") await Screenshots.TakeAsync(page, name);
        }
    }
}
