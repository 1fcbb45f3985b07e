using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace Attune.Web.Tests;

[Collection(DashboardCollection.Name)]
public class TokenTests(DashboardFixture f)
{
    private const string Token = "s3cret-token-for-tests";

    [Fact]
    public async Task Without_the_token_every_page_api_call_and_asset_is_refused()
    {
        await using var server = await ServeProcess.StartAsync(["--db", f.Db, "--token", Token]);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.Url };
        foreach (var path in new[] { "/", "/runs", $"/runs/{f.RunIds["eq-alpha"]}", "/api/runs", "/api/leaderboard", "/assets/app.js", "/estimate?text=hi" })
        {
            var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {response.StatusCode}");
            Assert.DoesNotContain(Token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token + "x") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/?token=" + Token[..^1])).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/runs") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(right)).StatusCode);
        // ?token= once: a cookie, and a redirect that takes the token out of the address
        var once = await http.GetAsync($"/runs?suite=eq&token={Token}");
        Assert.Equal(HttpStatusCode.SeeOther, once.StatusCode);
        Assert.Equal("/runs?suite=eq", once.Headers.Location!.OriginalString);
        var cookie = once.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, cookie, StringComparison.Ordinal);
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/runs") { Headers = { { "Cookie", cookie.Split(';')[0] } } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(withCookie)).StatusCode);
        Assert.DoesNotContain(server.Log, l => l.Contains(Token, StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task A_browser_is_refused_until_it_opens_the_link_with_the_token_once()
    {
        await using var server = await ServeProcess.StartAsync(["--db", f.Db, "--token", Token]);
        var page = await f.NewPageAsync();
        var refused = await page.GotoAsync(server.Url.ToString());
        Assert.Equal(401, refused!.Status);
        Assert.Equal("Access token needed", await page.Locator("h1").InnerTextAsync());
        await page.GotoAsync(new Uri(server.Url, "/?token=" + Token).ToString());
        Assert.Equal(server.Url.ToString(), page.Url); // the token left the address bar
        Assert.Equal("Leaderboard", await page.Locator("h1").InnerTextAsync());
        var next = await page.GotoAsync(new Uri(server.Url, $"/runs/{f.RunIds["eq-alpha"]}").ToString());
        Assert.Equal(200, next!.Status);
        await Screenshots.TakeAsync(page, "token-refused-then-accepted");
    }

    [Fact]
    public async Task Any_address_but_loopback_needs_a_token()
    {
        var refused = await CliRunner.RunAsync(["serve", "--db", f.Db, "--listen", "0.0.0.0:0"]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--token", refused.Stderr, StringComparison.Ordinal);
        var bad = await CliRunner.RunAsync(["serve", "--db", f.Db, "--listen", "nowhere"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("host:port", bad.Stderr, StringComparison.Ordinal);
    }
}
