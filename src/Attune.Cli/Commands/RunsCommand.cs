using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Attune.Reporting;
using Attune.Running;
using Attune.Storage;

namespace Attune.Cli.Commands;

/// <summary><c>attune runs list|show|rescore|compare</c> and <c>attune report</c>: read the run store through the run catalog.</summary>
internal static class RunsCommand
{
    public static Option<string?> Db() => new("--db")
    {
        Description = "Run store: a SQLite file, or a PostgreSQL server as postgres://user@host:5432/db (password from PGPASSWORD or ~/.pgpass) "
            + "(default $ATTUNE_DB, else $ATTUNE_HOME/attune.db).",
    };

    public static IRunStore OpenStore(string? path)
    {
        var location = path ?? RunStores.DefaultLocation();
        if (!RunStores.IsServer(location) && !File.Exists(location)) throw new InputException($"{location}: no run store yet (run `attune run` first, or give --db)");
        return RunStores.Open(location);
    }

    private static Argument<string> RunId(string name = "id", string description = "Run id (or latest).") => new(name) { Description = description };

    public static Command Create()
    {
        var runs = new Command("runs", "List, show, rescore and compare stored runs.");
        runs.Subcommands.Add(List());
        runs.Subcommands.Add(Show());
        runs.Subcommands.Add(Rescore());
        runs.Subcommands.Add(Compare());
        return runs;
    }

    private static Command List()
    {
        var db = Db();
        var json = Shared.Json();
        var cmd = new Command("list", "List stored runs, newest first, with tokens per model and role.") { db, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            using var store = OpenStore(parse.GetValue(db));
            var catalog = new RunCatalog(store, PriceTable.Load());
            var runs = await catalog.ListAsync(token).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(new JsonArray([.. runs.Select(r => (JsonNode)r.ToJson())]).ToJsonString(Shared.Relaxed));
            }
            else
            {
                Terminal.WriteRuns(runs);
                Terminal.WriteModelUsage(catalog.UsageByModel(runs));
            }
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }

    private static Command Show()
    {
        var id = RunId();
        var db = Db();
        var json = Shared.Json();
        var cmd = new Command("show", "Show one run: settings, roles, usage and result.") { id, db, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            using var store = OpenStore(parse.GetValue(db));
            var catalog = new RunCatalog(store, PriceTable.Load());
            var run = await catalog.GetAsync(parse.GetValue(id)!, token).ConfigureAwait(false);
            var summary = (await catalog.SummarizeAsync(run, token).ConfigureAwait(false)).ToJson();
            var result = run.Score is not null ? await catalog.ScoreAsync(run, token).ConfigureAwait(false) : null;
            if (parse.GetValue(json))
            {
                summary["result"] = result is null ? null : JsonNode.Parse(ResultJson(result, run.Model));
                Console.Out.WriteLine(summary.ToJsonString(Shared.Relaxed));
            }
            else
            {
                Terminal.WriteRunDetails(summary);
                if (result is not null) Terminal.WriteResult(result, $"run {run.Id} · {run.Model}");
            }
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }

    private static Command Rescore()
    {
        var id = RunId();
        var db = Db();
        var json = Shared.Json();
        var cmd = new Command("rescore", "Score a stored run again from its stored responses (never asks a model).") { id, db, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            using var store = OpenStore(parse.GetValue(db));
            var catalog = new RunCatalog(store, PriceTable.Load());
            var run = await catalog.GetAsync(parse.GetValue(id)!, token).ConfigureAwait(false);
            var result = await catalog.RescoreAsync(run, token).ConfigureAwait(false);
            if (parse.GetValue(json)) Terminal.WriteJson(stream => result.WriteJson(stream, run.Model));
            else Terminal.WriteResult(result, $"run {run.Id} rescored · {run.Model}");
            return result.FailedThreshold ? AttuneApp.ThresholdFailed : AttuneApp.Ok;
        }, ct));
        return cmd;
    }

    private static Command Compare()
    {
        var a = RunId("a", "First run id.");
        var b = RunId("b", "Second run id.");
        var db = Db();
        var json = Shared.Json();
        var cmd = new Command("compare", "Compare two runs on the same items: score difference with a bootstrap 95% CI and a paired test.") { a, b, db, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            using var store = OpenStore(parse.GetValue(db));
            var catalog = new RunCatalog(store, PriceTable.Load());
            var runA = await catalog.GetAsync(parse.GetValue(a)!, token).ConfigureAwait(false);
            var runB = await catalog.GetAsync(parse.GetValue(b)!, token).ConfigureAwait(false);
            var comparison = await catalog.CompareAsync(runA, runB, token).ConfigureAwait(false);
            if (parse.GetValue(json)) Console.Out.WriteLine(comparison.ToJson().ToJsonString(Shared.Relaxed));
            else Terminal.WriteComparison(comparison);
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }

    private static string ResultJson(Attune.Suites.ISuiteResult result, string model)
    {
        using var ms = new MemoryStream();
        result.WriteJson(ms, model);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    public static Command Report()
    {
        var id = RunId();
        var format = new Option<string>("--format") { Description = "html, md or json.", DefaultValueFactory = _ => "html" };
        var outFile = new Option<string>("--out") { Description = "Output file.", Required = true };
        var db = Db();
        var cmd = new Command("report", "Write a run report: one self-contained HTML file, Markdown or JSON.") { id, format, outFile, db };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            var fmt = parse.GetValue(format)!;
            if (!ReportWriter.Formats.Contains(fmt)) throw new InputException($"--format: \"{fmt}\" is not supported; use html, md or json");
            using var store = OpenStore(parse.GetValue(db));
            var catalog = new RunCatalog(store, PriceTable.Load());
            var run = await catalog.GetAsync(parse.GetValue(id)!, token).ConfigureAwait(false);
            var report = await RunReports.BuildAsync(catalog, run, token).ConfigureAwait(false);
            var text = ReportWriter.Render(report, fmt);
            var path = parse.GetValue(outFile)!;
            await Shared.WriteAtomically(path, (tmp, t) => File.WriteAllTextAsync(tmp, text, t), token).ConfigureAwait(false);
            Terminal.Note($"wrote {path}");
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }
}
