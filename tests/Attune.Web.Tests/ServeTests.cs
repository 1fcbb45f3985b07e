using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Attune.Web.Tests;

[Collection(DashboardCollection.Name)]
public class ServeTests(DashboardFixture f)
{
    [Fact]
    public async Task Every_response_carries_the_strict_policy_and_pages_load_nothing_from_outside()
    {
        using var http = new HttpClient { BaseAddress = f.Server.Url };
        foreach (var path in new[] { "/", "/runs", $"/runs/{f.RunIds["eq-alpha"]}", "/api/runs", "/nope", "/assets/app.css" })
        {
            var response = await http.GetAsync(path);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(@"(src|href|action)=""(https?:)?//", body); // nothing loaded or linked from elsewhere
            Assert.DoesNotContain(" style=\"", body, StringComparison.Ordinal); // inline styles would need 'unsafe-inline'
            Assert.DoesNotContain("<script>", body, StringComparison.Ordinal); // inline scripts would need 'unsafe-inline'
        }
    }

    [Fact]
    public async Task The_api_serves_the_same_runs_and_items_the_cli_reports()
    {
        using var http = new HttpClient { BaseAddress = f.Server.Url };
        var runs = await http.GetFromJsonAsync<JsonElement>("/api/runs");
        Assert.Equal(f.RunIds.Values.Order(), runs.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).Order());
        var id = f.RunIds["eq-alpha"];
        var run = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
        Assert.Equal(f.Outputs["eq-alpha"].GetProperty("score").GetDouble(), run.GetProperty("score").GetDouble());
        Assert.Equal(f.Outputs["eq-alpha"].GetProperty("score").GetDouble(), run.GetProperty("report").GetProperty("score").GetDouble());
        var items = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/items?status=unparsed");
        Assert.Equal(ModelWorld.AlphaUnparsed.Order(), items.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Order());
        Assert.Equal(ModelWorld.Script + " I would rather not rate these.", items.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "3").GetProperty("response").GetString());
        var all = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/items");
        Assert.Equal(f.Outputs["eq-alpha"].GetProperty("items").GetArrayLength(), all.GetProperty("total").GetInt32());
        var board = await http.GetFromJsonAsync<JsonElement>("/api/leaderboard?sort=model&dir=asc");
        Assert.Equal(["openai:alpha", "openai:beta", "public-model-x"], board.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("model").GetString()));
        var progress = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/progress");
        Assert.Equal(64, progress.GetProperty("trials").GetInt32());
        Assert.Equal(64, progress.GetProperty("started").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/runs/999999")).StatusCode);
    }

    [Fact]
    public async Task A_missing_or_foreign_store_is_a_clear_message_on_the_page_and_in_the_log()
    {
        var dir = Directory.CreateTempSubdirectory("attune-foreign-").FullName;
        var missing = Path.Combine(dir, "missing.db");
        var foreign = Path.Combine(dir, "foreign.db");
        using (var db = new SqliteConnection($"Data Source={foreign};Pooling=false"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT);";
            cmd.ExecuteNonQuery();
        }
        var garbage = Path.Combine(dir, "garbage.db");
        await File.WriteAllTextAsync(garbage, "this is not a database at all, just text");
        foreach (var (path, expected, logged) in new[] { (missing, "no run store there yet", "no run store at"), (foreign, "not an Attune store", "not an Attune store"), (garbage, "not a SQLite database", "not a SQLite database") })
        {
            await using var server = await ServeProcess.StartAsync(["--db", path]);
            using var http = new HttpClient { BaseAddress = server.Url };
            var page = await http.GetAsync("/");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains(expected, html, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", html, StringComparison.Ordinal);
            var api = await http.GetAsync("/api/runs");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
            Assert.Contains(expected, (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
            await Task.Delay(200);
            Assert.Contains(server.Log, l => l.Contains(logged, StringComparison.Ordinal) && l.Contains(path, StringComparison.Ordinal));
        }
        // the foreign file was not touched
        Assert.False(File.Exists(foreign + "-wal"));
    }

    [Fact]
    public async Task Open_without_a_display_prints_the_address_instead()
    {
        await using var server = await ServeProcess.StartAsync(["--db", f.Db, "--open"]);
        await Task.Delay(300);
        Assert.Contains(server.Log, l => l.Contains("no browser could be started here; open " + server.Url, StringComparison.Ordinal));
    }
}
