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

    /// <summary>Refuses a run that has no stored answers (nothing to score or compare).</summary>
    private static async Task RequireAnswersAsync(IRunStore store, Attune.Storage.RunRecord run, CancellationToken token)
    {
        var usage = await store.GetUsageAsync(run.Id, token).ConfigureAwait(false);
        if (usage.Requests == 0) throw new InputException($"run {run.Id}: has no stored answers ({run.Status.Name()}{(run.Error is null ? "" : ": " + run.Error)}); nothing to score");
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
            var file = parse.GetValue(db) ?? RunStores.DefaultLocation();
            if (!RunStores.IsServer(file) && !File.Exists(file))
            {
                if (parse.GetValue(json)) Console.Out.WriteLine("[]");
                else Terminal.Note($"no runs yet ({file} does not exist; `attune run` creates it)");
                return AttuneApp.Ok;
            }
            using var store = OpenStore(file);
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
            var result = run.Score is not null || run.Suite == RatingRunner.SuiteName ? await catalog.ScoreAsync(run, token).ConfigureAwait(false) : null;
            if (parse.GetValue(json))
            {
                summary["result"] = result is null ? null : JsonNode.Parse(ResultJson(result, run));
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
            await RequireAnswersAsync(store, run, token).ConfigureAwait(false);
            var result = await catalog.RescoreAsync(run, token).ConfigureAwait(false);
            if (parse.GetValue(json)) Terminal.WriteJson(stream => result.WriteJson(stream, new Attune.Suites.ResultContext(run.Model, run.Id)));
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
        var failIfWorse = new Option<bool>("--fail-if-worse") { Description = "Exit 1 when B is worse than A by more than --margin points with the paired test's p below --alpha." };
        var margin = new Option<double>("--margin") { Description = "Points B may lose before --fail-if-worse counts it (default 0).", DefaultValueFactory = _ => 0 };
        var alpha = new Option<double>("--alpha") { Description = "Significance level of the paired test for --fail-if-worse (default 0.05).", DefaultValueFactory = _ => 0.05 };
        var gates = GateOptions.Create(forRun: false);
        var cmd = new Command("compare", "Compare two runs on the same items: score difference with a bootstrap 95% CI and a paired test.") { a, b, db, json, failIfWorse, margin, alpha };
        gates.AddTo(cmd);
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            using var store = OpenStore(parse.GetValue(db));
            var catalog = new RunCatalog(store, PriceTable.Load());
            var runA = await catalog.GetAsync(parse.GetValue(a)!, token).ConfigureAwait(false);
            var runB = await catalog.GetAsync(parse.GetValue(b)!, token).ConfigureAwait(false);
            await RequireAnswersAsync(store, runA, token).ConfigureAwait(false);
            await RequireAnswersAsync(store, runB, token).ConfigureAwait(false);
            double m = parse.GetValue(margin), al = parse.GetValue(alpha);
            if (!double.IsFinite(m) || m < 0) throw new InputException("--margin: must be a number of points, 0 or more");
            if (!double.IsFinite(al) || al <= 0 || al >= 1) throw new InputException("--alpha: must be between 0 and 1");
            var comparison = await catalog.CompareAsync(runA, runB, token).ConfigureAwait(false);
            var gate = RunGates.WorseThan(comparison, m, al);
            var gateList = parse.GetValue(failIfWorse) ? new[] { gate } : [];
            await gates.WriteAsync(parse, $"run {runA.Id} vs run {runB.Id}", [new("A", $"run {runA.Id} · {runA.Model} · {comparison.ScoreA:0.00}"), new("B", $"run {runB.Id} · {runB.Model} · {comparison.ScoreB:0.00}"),
                new("B − A", comparison.Difference.ToString("+0.00;-0.00;0.00", System.Globalization.CultureInfo.InvariantCulture)), new("p (paired)", comparison.Paired.PValue.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture))],
                gateList, "compare", token).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                var doc = comparison.ToJson();
                if (parse.GetValue(failIfWorse)) doc["gate"] = new JsonObject { ["rule"] = gate.Name, ["margin"] = m, ["alpha"] = al, ["failed"] = !gate.Passed, ["reason"] = gate.Message };
                Console.Out.WriteLine(doc.ToJsonString(Shared.Relaxed));
            }
            else
            {
                Terminal.WriteComparison(comparison);
                if (parse.GetValue(failIfWorse)) Terminal.Note($"gate {gate.Name} {(gate.Passed ? "passed" : "FAILED")}: {gate.Message}");
            }
            return gateList.All(g => g.Passed) ? AttuneApp.Ok : AttuneApp.ThresholdFailed;
        }, ct));
        return cmd;
    }

    private static string ResultJson(Attune.Suites.ISuiteResult result, Attune.Storage.RunRecord run)
    {
        using var ms = new MemoryStream();
        result.WriteJson(ms, new Attune.Suites.ResultContext(run.Model, run.Id));
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    public static Command Report()
    {
        var id = RunId();
        var format = new Option<string>("--format") { Description = "html, md or json.", DefaultValueFactory = _ => "html" };
        var outFile = new Option<string?>("--out") { Description = "Output file (md and json go to standard output without it, or with -)." };
        var open = new Option<bool>("--open") { Description = "HTML: write it to a temporary file and open it in the system's viewer (or print its path)." };
        var db = Db();
        var cmd = new Command("report", "Write a run report: one self-contained HTML file, Markdown or JSON.") { id, format, outFile, open, db };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            var fmt = parse.GetValue(format)!;
            if (!ReportWriter.Formats.Contains(fmt)) throw new InputException($"--format: \"{fmt}\" is not supported; use html, md or json");
            using var store = OpenStore(parse.GetValue(db));
            var catalog = new RunCatalog(store, PriceTable.Load());
            var run = await catalog.GetAsync(parse.GetValue(id)!, token).ConfigureAwait(false);
            var report = await RunReports.BuildAsync(catalog, run, token).ConfigureAwait(false);
            var text = ReportWriter.Render(report, fmt);
            var path = parse.GetValue(outFile);
            if (path is null or "-")
            {
                if (fmt == "html" && path is null && !parse.GetValue(open)) throw new InputException("--out: an HTML report needs --out FILE (or --open, or --out - for standard output)");
                if (fmt == "html" && parse.GetValue(open))
                {
                    path = Path.Combine(Path.GetTempPath(), $"attune-run-{run.Id}.html");
                }
                else
                {
                    await Console.Out.WriteAsync(text).ConfigureAwait(false);
                    return AttuneApp.Ok;
                }
            }
            await Shared.WriteAtomically(path, (tmp, t) => File.WriteAllTextAsync(tmp, text, t), token).ConfigureAwait(false);
            Terminal.Note($"wrote {path}");
            if (parse.GetValue(open)) Terminal.Open(path);
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }
}
