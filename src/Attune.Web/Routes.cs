using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attune.Reporting;
using Attune.Running;
using Attune.Storage;
using Attune.Suites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// ASP0016 misreads the handlers below: the Task<T> it sees is returned by the inner lambdas given to WithCatalogAsync,
// not by the request delegates, which all write their response and return Task.
#pragma warning disable ASP0016

namespace Attune.Web;

/// <summary>The dashboard's pages and API, and the middleware in front of them (security headers, token, errors).</summary>
internal static class Routes
{
    /// <summary>The Content-Security-Policy of every response: only the app's own script, styles and fetches.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Map(WebApplication app, DashboardState state)
    {
        app.Use((ctx, next) =>
        {
            // set as the headers go out, so an error page written after a cleared response carries them too
            ctx.Response.OnStarting(() =>
            {
                var h = ctx.Response.Headers;
                h.ContentSecurityPolicy = ContentSecurityPolicy;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "no-referrer";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                if (!h.ContainsKey("Cache-Control")) h.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(ctx);
        });
        if (state.Options.Token is { } token)
        {
            var gate = new TokenGate(token);
            app.Use((ctx, next) => gate.InvokeAsync(ctx, next));
        }
        app.Use(async (HttpContext ctx, RequestDelegate next) =>
        {
            bool api = ctx.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal);
            try
            {
                await next(ctx).ConfigureAwait(false);
            }
            catch (StoreUnavailableException ex)
            {
                await Fail(ctx, api, StatusCodes.Status503ServiceUnavailable, "Run store unavailable", ex.Message).ConfigureAwait(false);
            }
            catch (RunNotFoundException ex)
            {
                await Fail(ctx, api, StatusCodes.Status404NotFound, "No such run", ex.Message).ConfigureAwait(false);
            }
            catch (InputException ex)
            {
                await Fail(ctx, api, StatusCodes.Status422UnprocessableEntity, "Cannot show this", ex.Message).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
            {
                // the client went away
            }
#pragma warning disable CA1031 // one line in the log and a page that says so; never a stack trace on the page
            catch (Exception ex)
            {
                state.Log($"{ctx.Request.Method} {ctx.Request.Path}: unexpected error ({ex.GetType().Name}): {ex.Message}");
                await Fail(ctx, api, StatusCodes.Status500InternalServerError, "Unexpected error", $"unexpected error ({ex.GetType().Name}); this is a bug in Attune, please report it").ConfigureAwait(false);
            }
#pragma warning restore CA1031
        });

        app.MapGet("/assets/app.css", (HttpContext ctx) => Asset(ctx, Assets.AppCss, "text/css; charset=utf-8"));
        app.MapGet("/assets/report.css", (HttpContext ctx) => Asset(ctx, Assets.ReportCss, "text/css; charset=utf-8"));
        app.MapGet("/assets/app.js", (HttpContext ctx) => Asset(ctx, Assets.AppJs, "text/javascript; charset=utf-8"));
        app.MapGet("/favicon.ico", (HttpContext ctx) => { ctx.Response.StatusCode = 204; return Task.CompletedTask; });

        app.MapGet("/", async ctx =>
        {
            var query = LeaderboardQuery.Parse(ctx.Request.Query);
            var board = await state.WithCatalogAsync(c => LeaderboardBuilder.BuildAsync(state, c, query, ctx.RequestAborted)).ConfigureAwait(false);
            await WriteHtmlAsync(ctx, Html.Page("Leaderboard", "/", LeaderboardPage.Render(board))).ConfigureAwait(false);
        });
        app.MapGet("/api/leaderboard", async ctx =>
        {
            var query = LeaderboardQuery.Parse(ctx.Request.Query);
            var board = await state.WithCatalogAsync(c => LeaderboardBuilder.BuildAsync(state, c, query, ctx.RequestAborted)).ConfigureAwait(false);
            await WriteJsonAsync(ctx, board.ToJson()).ConfigureAwait(false);
        });

        app.MapGet("/runs", async ctx =>
        {
            var runs = await state.WithCatalogAsync(c => c.Store.ListRunsAsync(ctx.RequestAborted)).ConfigureAwait(false);
            string? suite = Value(ctx, "suite"), status = Value(ctx, "status");
            await WriteHtmlAsync(ctx, Html.Page("Runs", "/runs", RunsPage.Render(runs, suite, status))).ConfigureAwait(false);
        });
        app.MapGet("/api/runs", async ctx =>
        {
            var list = await state.WithCatalogAsync(c => state.SummariesAsync(c, ctx.RequestAborted)).ConfigureAwait(false);
            await WriteJsonAsync(ctx, new JsonArray([.. list.Select(s => (JsonNode)s.ToJson())])).ConfigureAwait(false);
        });

        app.MapGet("/runs/{id:long}", async (HttpContext ctx, long id) =>
        {
            var query = ItemQuery.Parse(ctx.Request.Query);
            var (title, body) = await state.WithCatalogAsync(async c =>
            {
                var run = await GetRunAsync(c, id, ctx.RequestAborted).ConfigureAwait(false);
                var (report, problem) = await ReportAsync(state, c, run, ctx.RequestAborted).ConfigureAwait(false);
                var peers = report is null ? [] : (await c.Store.ListRunsAsync(ctx.RequestAborted).ConfigureAwait(false))
                    .Where(r => r.Id != run.Id && r.Suite == run.Suite && r.ItemSetHash == run.ItemSetHash).Take(200).ToList();
                return (RunPage.Title(run), RunPage.Render(run, report, problem, peers, query));
            }).ConfigureAwait(false);
            await WriteHtmlAsync(ctx, Html.Page(title, "/runs", body)).ConfigureAwait(false);
        });
        app.MapGet("/api/runs/{id:long}", async (HttpContext ctx, long id) =>
        {
            var doc = await state.WithCatalogAsync(async c =>
            {
                var run = await GetRunAsync(c, id, ctx.RequestAborted).ConfigureAwait(false);
                var summary = (await state.Scores.SummaryAsync(c, run, state.Prices, ctx.RequestAborted).ConfigureAwait(false)).ToJson();
                var (report, problem) = await ReportAsync(state, c, run, ctx.RequestAborted).ConfigureAwait(false);
                summary["report"] = report is null ? null : JsonNode.Parse(ReportWriter.Json(report));
                summary["problem"] = problem;
                if (run.Suite == RatingRunner.SuiteName)
                {
                    summary["ratings"] = new JsonArray([.. RunPage.Ratings(run).Select(r => (JsonNode)new JsonObject
                    {
                        ["model"] = r.Model, ["elo"] = r.Elo, ["eloNorm"] = r.Norm, ["sigma"] = r.Sigma, ["ci95"] = r.Low is { } lo && r.High is { } hi ? new JsonArray(lo, hi) : null,
                    })]);
                }
                return summary;
            }).ConfigureAwait(false);
            await WriteJsonAsync(ctx, doc).ConfigureAwait(false);
        });
        app.MapGet("/api/runs/{id:long}/items", async (HttpContext ctx, long id) =>
        {
            var query = ItemQuery.Parse(ctx.Request.Query, pageSize: 1000);
            var doc = await state.WithCatalogAsync(async c =>
            {
                var run = await GetRunAsync(c, id, ctx.RequestAborted).ConfigureAwait(false);
                var result = await state.Scores.ResultAsync(c, run, ctx.RequestAborted).ConfigureAwait(false);
                var (page, total) = query.Apply(result.Items);
                return new JsonObject
                {
                    ["run"] = run.Id,
                    ["total"] = total,
                    ["page"] = query.Page,
                    ["pageSize"] = query.PageSize,
                    ["items"] = new JsonArray([.. page.Select(i => (JsonNode)new JsonObject
                    {
                        ["id"] = i.Id, ["iteration"] = i.Iteration, ["score"] = i.Score is { } s && double.IsFinite(s) ? s : null, ["status"] = i.Status,
                        ["detail"] = i.Detail, ["category"] = i.Category, ["response"] = i.Response, ["conversation"] = i.Transcript is { Count: > 0 },
                        ["findings"] = i.Highlights?.Count ?? 0,
                    })]),
                };
            }).ConfigureAwait(false);
            await WriteJsonAsync(ctx, doc).ConfigureAwait(false);
        });

        app.MapGet("/runs/{id:long}/conversation", async (HttpContext ctx, long id) =>
        {
            var itemId = Value(ctx, "item");
            int iteration = int.TryParse(Value(ctx, "iteration"), NumberStyles.None, CultureInfo.InvariantCulture, out var it) ? it : 1;
            var (status, title, body) = await state.WithCatalogAsync(async c =>
            {
                var run = await GetRunAsync(c, id, ctx.RequestAborted).ConfigureAwait(false);
                var result = await state.Scores.ResultAsync(c, run, ctx.RequestAborted).ConfigureAwait(false);
                var conversations = result.Items.Where(i => i.Transcript is { Count: > 0 }).ToList();
                int at = conversations.FindIndex(i => i.Id == itemId && i.Iteration == iteration);
                if (at < 0) return (404, "No such conversation", $"<h1>No such conversation</h1><p class=\"warning\" role=\"alert\">Run {Html.I(id)} has no conversation \"{Html.H(itemId)}\" (iteration {Html.I(iteration)}).</p><p><a href=\"/runs/{Html.I(id)}\">Back to the run</a></p>");
                var page = ConversationPage.Render(run, conversations[at], at > 0 ? conversations[at - 1] : null, at + 1 < conversations.Count ? conversations[at + 1] : null, at + 1, conversations.Count);
                return (200, $"Conversation {itemId} · run {Html.I(id)}", page);
            }).ConfigureAwait(false);
            await WriteHtmlAsync(ctx, Html.Page(title, "/runs", body), status).ConfigureAwait(false);
        });

        app.MapGet("/compare", async ctx =>
        {
            var (ids, idsText, problem) = ParseIds(ctx);
            var body = await state.WithCatalogAsync(async c =>
            {
                var (entries, pairings, missing) = await CompareAsync(state, c, ids, ctx.RequestAborted).ConfigureAwait(false);
                return ComparePage.Render(idsText, entries, pairings, problem ?? missing);
            }).ConfigureAwait(false);
            await WriteHtmlAsync(ctx, Html.Page("Compare runs", "/compare", body)).ConfigureAwait(false);
        });
        app.MapGet("/api/compare", async ctx =>
        {
            var (ids, _, problem) = ParseIds(ctx);
            var doc = await state.WithCatalogAsync(async c =>
            {
                var (entries, pairings, missing) = await CompareAsync(state, c, ids, ctx.RequestAborted).ConfigureAwait(false);
                var scores = entries.Select(e => e.Result?.ItemScores() ?? new Dictionary<string, double>()).ToList();
                return new JsonObject
                {
                    ["runs"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject { ["id"] = e.Run.Id, ["model"] = e.Run.Model, ["suite"] = e.Run.Suite, ["score"] = e.Run.Score, ["problem"] = e.Problem })]),
                    ["comparisons"] = new JsonArray([.. pairings.Select(p => (JsonNode?)p.Comparison?.ToJson() ?? new JsonObject { ["b"] = p.Other.Id, ["problem"] = p.Problem })]),
                    ["items"] = new JsonArray([.. scores.SelectMany(s => s.Keys).Distinct().Select(k => (JsonNode)new JsonObject
                    {
                        ["id"] = k, ["scores"] = new JsonArray([.. scores.Select(s => s.TryGetValue(k, out var v) ? JsonValue.Create(v) : null)]),
                    })]),
                    ["problem"] = problem ?? missing,
                };
            }).ConfigureAwait(false);
            await WriteJsonAsync(ctx, doc).ConfigureAwait(false);
        });

        app.MapGet("/live", async ctx =>
        {
            var runs = await state.WithCatalogAsync(c => c.Store.ListRunsAsync(ctx.RequestAborted)).ConfigureAwait(false);
            await WriteHtmlAsync(ctx, Html.Page("Live", "/live", LivePage.RenderList(runs))).ConfigureAwait(false);
        });
        app.MapGet("/runs/{id:long}/live", async (HttpContext ctx, long id) =>
        {
            var snapshot = await state.WithCatalogAsync(c => LiveSnapshot.TakeAsync(c, id, ctx.RequestAborted).WithNotFound(id)).ConfigureAwait(false);
            await WriteHtmlAsync(ctx, Html.Page($"Live · run {Html.I(id)}", "/live", LivePage.Render(snapshot))).ConfigureAwait(false);
        });
        app.MapGet("/api/runs/{id:long}/progress", async (HttpContext ctx, long id) =>
        {
            var snapshot = await state.WithCatalogAsync(c => LiveSnapshot.TakeAsync(c, id, ctx.RequestAborted).WithNotFound(id)).ConfigureAwait(false);
            await WriteJsonAsync(ctx, snapshot.ToJson()).ConfigureAwait(false);
        });
        app.MapGet("/api/runs/{id:long}/events", async (HttpContext ctx, long id) =>
        {
            var stopping = ctx.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
            ctx.Response.ContentType = "text/event-stream";
            ctx.Response.Headers["X-Accel-Buffering"] = "no";
            try
            {
                while (!cts.IsCancellationRequested)
                {
                    string data;
                    bool done;
                    try
                    {
                        var s = await state.WithCatalogAsync(c => LiveSnapshot.TakeAsync(c, id, cts.Token).WithNotFound(id)).ConfigureAwait(false);
                        data = s.ToJson().ToJsonString();
                        done = s.Run.Status != RunStatus.Running;
                    }
                    catch (Exception ex) when (ex is StoreUnavailableException or RunNotFoundException or InputException)
                    {
                        data = new JsonObject { ["problem"] = ex.Message }.ToJsonString();
                        done = false;
                    }
                    await ctx.Response.WriteAsync("data: " + data + "\n\n", cts.Token).ConfigureAwait(false);
                    await ctx.Response.Body.FlushAsync(cts.Token).ConfigureAwait(false);
                    if (done)
                    {
                        await ctx.Response.WriteAsync("event: end\ndata: {}\n\n", cts.Token).ConfigureAwait(false);
                        break;
                    }
                    await Task.Delay(state.Options.LiveInterval, cts.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // the page closed or the server is stopping
            }
        });

        app.MapGet("/estimate", async ctx =>
        {
            var taxonomy = EstimatePage.ParseTaxonomy(Value(ctx, "taxonomy"), out var problem);
            var estimate = EstimatePage.Run(Value(ctx, "text") ?? "", taxonomy, problem);
            await WriteHtmlAsync(ctx, Html.Page("Estimate", "/estimate", EstimatePage.Render(estimate))).ConfigureAwait(false);
        });
        app.MapGet("/api/estimate", async ctx =>
        {
            var taxonomy = EstimatePage.ParseTaxonomy(Value(ctx, "taxonomy"), out var problem);
            var text = Value(ctx, "text");
            if (text is null)
            {
                await WriteJsonAsync(ctx, new JsonObject { ["error"] = "give ?text=…" }, StatusCodes.Status400BadRequest).ConfigureAwait(false);
                return;
            }
            await WriteJsonAsync(ctx, EstimatePage.Run(text, taxonomy, problem).ToJson()).ConfigureAwait(false);
        });
        app.MapGet("/api", ctx => WriteHtmlAsync(ctx, Html.Page("HTTP API", "", ApiPage.Render())));
        app.MapFallback(ctx => Fail(ctx, ctx.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal), StatusCodes.Status404NotFound, "Not found", $"There is no page at {ctx.Request.Path}."));
    }

    private static string? Value(HttpContext ctx, string name) => ctx.Request.Query[name].ToString() is { Length: > 0 } s ? s : null;

    private static async Task<RunRecord> GetRunAsync(RunCatalog catalog, long id, CancellationToken ct)
        => await catalog.Store.GetRunAsync(id, ct).ConfigureAwait(false) ?? throw new RunNotFoundException($"run {id.ToString(CultureInfo.InvariantCulture)}: no such run in {catalog.Store.Location}");

    private static async Task<T> WithNotFound<T>(this Task<T> task, long id)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (InputException ex) when (ex.Message.Contains("no such run", StringComparison.Ordinal))
        {
            throw new RunNotFoundException(ex.Message);
        }
    }

    /// <summary>The run's report scored from the store (cached when finished), or why it cannot be scored (a rating run, changed items).</summary>
    private static async Task<(RunReport? Report, string? Problem)> ReportAsync(DashboardState state, RunCatalog catalog, RunRecord run, CancellationToken ct)
    {
        if (run.Suite == RatingRunner.SuiteName) return (null, null);
        try
        {
            var result = await state.Scores.ResultAsync(catalog, run, ct).ConfigureAwait(false);
            return (await RunReports.BuildAsync(catalog, run, result, ct).ConfigureAwait(false), null);
        }
        catch (InputException ex)
        {
            return (null, "This run cannot be scored again here: " + ex.Message);
        }
    }

    private static (List<long> Ids, string Text, string? Problem) ParseIds(HttpContext ctx)
    {
        var parts = ctx.Request.Query["run"].Concat(ctx.Request.Query["runs"]).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var ids = new List<long>();
        string? problem = null;
        foreach (var p in parts)
        {
            if (long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) { if (!ids.Contains(id)) ids.Add(id); }
            else problem = $"\"{p}\" is not a run id";
        }
        if (ids.Count > 8)
        {
            problem = "at most 8 runs side by side; the first 8 are shown";
            ids = ids[..8];
        }
        return (ids, string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture))), problem);
    }

    private static async Task<(List<ComparePage.Entry>, List<ComparePage.Pairing>, string?)> CompareAsync(DashboardState state, RunCatalog catalog, List<long> ids, CancellationToken ct)
    {
        var missing = new List<long>();
        var found = new List<RunRecord>();
        foreach (var id in ids)
        {
            if (await catalog.Store.GetRunAsync(id, ct).ConfigureAwait(false) is { } run) found.Add(run);
            else missing.Add(id);
        }
        // the runs are scored side by side (one per core)
        var entries = (await Task.WhenAll(found.Select(async run =>
        {
            if (run.Suite == RatingRunner.SuiteName) return new ComparePage.Entry(run, null, "a rating run has no items to compare");
            try
            {
                return new ComparePage.Entry(run, await state.Scores.ResultAsync(catalog, run, ct).ConfigureAwait(false), null);
            }
            catch (InputException ex)
            {
                return new ComparePage.Entry(run, null, ex.Message);
            }
        })).ConfigureAwait(false)).ToList();
        var pairings = new List<ComparePage.Pairing>();
        if (entries.Count >= 2)
        {
            var a = entries[0];
            foreach (var b in entries.Skip(1))
            {
                if (a.Result is null || b.Result is null)
                {
                    pairings.Add(new ComparePage.Pairing(b.Run, null, a.Problem ?? b.Problem));
                    continue;
                }
                try
                {
                    pairings.Add(new ComparePage.Pairing(b.Run, RunCatalog.Compare(a.Run, a.Result, b.Run, b.Result), null));
                }
                catch (InputException ex)
                {
                    pairings.Add(new ComparePage.Pairing(b.Run, null, ex.Message));
                }
            }
        }
        return (entries, pairings, missing.Count == 0 ? null : $"no such run: {string.Join(", ", missing.Select(m => m.ToString(CultureInfo.InvariantCulture)))}");
    }

    private static Task Asset(HttpContext ctx, string text, string type)
    {
        ctx.Response.ContentType = type;
        ctx.Response.Headers.CacheControl = "no-cache";
        return ctx.Response.WriteAsync(text, Encoding.UTF8);
    }

    private static Task Fail(HttpContext ctx, bool api, int status, string title, string message)
    {
        if (ctx.Response.HasStarted) return Task.CompletedTask;
        ctx.Response.Clear();
        return api ? WriteJsonAsync(ctx, new JsonObject { ["error"] = message }, status) : WriteHtmlAsync(ctx, Html.ErrorPage(title, message), status);
    }

    public static Task WriteHtmlAsync(HttpContext ctx, string html, int status = StatusCodes.Status200OK)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        return ctx.Response.WriteAsync(html, Encoding.UTF8);
    }

    public static Task WriteJsonAsync(HttpContext ctx, JsonNode node, int status = StatusCodes.Status200OK)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        return ctx.Response.WriteAsync(node.ToJsonString(Indented), Encoding.UTF8);
    }
}
