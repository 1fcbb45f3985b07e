using System.Text.Json;
using Microsoft.Playwright;

namespace Attune.Web.Tests;

/// <summary>
/// A store filled by real runs of the real CLI against the loopback endpoint (eq and ability for two models, safety with a
/// simulated user and a judge, eq3 with a judge for two models, and an eq3 rating run), a reference file, the real
/// <c>attune serve</c> over it, and Debian's chromium driven by Playwright when it is installed.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public TestEndpoint Endpoint { get; private set; } = null!;

    public string Db { get; } = Path.Combine(Directory.CreateTempSubdirectory("attune-web-").FullName, "runs.db");

    public string ReferenceFile => Path.Combine(Path.GetDirectoryName(Db)!, "reference.json");

    public ServeProcess Server { get; private set; } = null!;

    /// <summary>What each run printed with --json (its own result document), by name such as <c>eq-alpha</c>.</summary>
    public Dictionary<string, JsonElement> Outputs { get; } = [];

    /// <summary>Run ids by name, read from <c>attune runs list --json</c>.</summary>
    public Dictionary<string, long> RunIds { get; } = [];

    /// <summary>The browser (null when chromium is missing; browser tests skip then).</summary>
    public IBrowser? Browser { get; private set; }

    public async Task InitializeAsync()
    {
        Endpoint = await TestEndpoint.StartAsync(ModelWorld.Answer);
        var prompts = await CliRunner.RunAsync(["eq", "prompts"]);
        Assert.True(prompts.ExitCode == 0, prompts.Stderr);
        ModelWorld.EqIds = prompts.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("prompt").GetString()!, e => e.GetProperty("id").GetString()!);
        foreach (var model in new[] { "alpha", "beta" })
        {
            await Run($"eq-{model}", "--suite", "eq", "--model", "openai:" + model);
            await Run($"ability-{model}", "--suite", "ability", "--model", "openai:" + model);
        }
        await Run("safety-alpha", "--suite", "safety", "--model", "openai:alpha", "--user-model", "openai:user", "--user-base-url", Endpoint.BaseUrl,
            "--judge", "openai:judge", "--judge-base-url", Endpoint.BaseUrl, "--turns", "4", "--prompts", "4");
        foreach (var model in new[] { "alpha", "beta" })
        {
            await Run($"eq3-{model}", "--suite", "eq3", "--model", "openai:" + model, "--judge", "openai:judge", "--judge-base-url", Endpoint.BaseUrl);
        }
        var rate = await CliRunner.RunAsync(["rate", "--judge", "openai:judge", "--judge-base-url", Endpoint.BaseUrl, "--db", Db, "--json", "--all-pairs"], timeout: TimeSpan.FromMinutes(4));
        Assert.True(rate.ExitCode == 0, rate.Stderr);
        Outputs["rating"] = JsonDocument.Parse(rate.Stdout).RootElement.Clone();
        var list = await CliRunner.RunAsync(["runs", "list", "--db", Db, "--json"]);
        Assert.True(list.ExitCode == 0, list.Stderr);
        foreach (var r in JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray())
        {
            var suite = r.GetProperty("suite").GetString()!;
            RunIds[suite == "eq3-rating" ? "rating" : $"{suite}-{r.GetProperty("model").GetString()!["openai:".Length..]}"] = r.GetProperty("id").GetInt64();
        }
        await File.WriteAllTextAsync(ReferenceFile, """
            [
              {"model": "public-model-x", "suite": "eq", "items": "builtin:attune-eq", "score": 55.5, "ci95": [50.1, 60.2], "source": "EQ-Bench public"},
              {"model": "public-model-x", "suite": "eq3-rating", "score": 1300, "source": "EQ-Bench public"}
            ]
            """);
        Server = await ServeProcess.StartAsync(["--db", Db, "--reference", ReferenceFile]);
        // the server scores the leaderboard's runs in the background; wait until every interval is known, as a reload would
        using (var http = new HttpClient { BaseAddress = Server.Url })
        {
            for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
            {
                if (!(await http.GetStringAsync("/api/leaderboard")).Contains("\"ciPending\"", StringComparison.Ordinal)) break;
            }
        }
        if (BrowserFactAttribute.Available)
        {
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = BrowserFactAttribute.Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
        }
    }

    private async Task Run(string name, params string[] args)
    {
        var result = await CliRunner.RunAsync(["run", .. args, "--base-url", Endpoint.BaseUrl, "--db", Db, "--json", "--parallel", "8"], timeout: TimeSpan.FromMinutes(4));
        Assert.True(result.ExitCode is 0 or 1, $"{name}: {result.Stderr}");
        Outputs[name] = JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    /// <summary>A new page (its own context: no cookies shared between tests) at a viewport size.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        return page;
    }

    public string Url(string path) => new Uri(Server.Url, path).ToString();

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
        if (Endpoint is not null) await Endpoint.DisposeAsync();
    }
}
