using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Attune.Reporting;
using Attune.Running;
using Attune.Statistics;
using Attune.Storage;

namespace Attune.Cli.Commands;

/// <summary><c>attune runs list|show|rescore|compare</c> and <c>attune report</c>: read the run store.</summary>
internal static class RunsCommand
{
    public static Option<string?> Db() => new("--db") { Description = "Run store (SQLite) path (default $ATTUNE_HOME/attune.db)." };

    public static RunStore OpenStore(string? path)
    {
        var file = path ?? RunStore.DefaultPath();
        if (!File.Exists(file)) throw new InputException($"{file}: no run store yet (run `attune run` first, or give --db)");
        return RunStore.Open(file);
    }

    public static StoredRun GetRun(RunStore store, long id) => store.GetRun(id) ?? throw new InputException($"run {id}: no such run in {store.Path}");

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
        var cmd = new Command("list", "List stored runs, newest first.") { db, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(_ =>
        {
            using var store = OpenStore(parse.GetValue(db));
            var runs = store.ListRuns();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(new JsonArray([.. runs.Select(r => (JsonNode)Summary(store, r))]).ToJsonString(Shared.Relaxed));
            }
            else
            {
                Terminal.WriteRuns(runs);
                var prices = PriceTable.Load();
                var byModel = runs.GroupBy(r => r.Model).Select(g =>
                {
                    var usages = g.Select(r => store.Usage(r.Id)).ToList();
                    var total = new RunUsage(usages.Sum(u => u.Requests), usages.Sum(u => u.NewRequests), usages.Sum(u => u.InputTokens), usages.Sum(u => u.OutputTokens), usages.Sum(u => u.TransportFailures));
                    return (Model: g.Key, Runs: g.Count(), Usage: total, Cost: prices.CostOf(g.Key, total));
                }).ToList();
                Terminal.WriteModelUsage(byModel);
            }
            return Task.FromResult(AttuneApp.Ok);
        }, ct));
        return cmd;
    }

    private static JsonObject Summary(RunStore store, StoredRun r)
    {
        var usage = store.Usage(r.Id);
        return new JsonObject
        {
            ["id"] = r.Id, ["suite"] = r.Suite, ["model"] = r.Model, ["endpoint"] = r.Endpoint, ["items"] = r.ItemSet,
            ["itemSetHash"] = r.ItemSetHash, ["settings"] = JsonNode.Parse(r.Settings), ["status"] = r.Status,
            ["startedAt"] = r.StartedAt.ToString("O", CultureInfo.InvariantCulture), ["endedAt"] = r.EndedAt?.ToString("O", CultureInfo.InvariantCulture),
            ["score"] = r.Score, ["parseable"] = r.Parseable, ["error"] = r.Error,
            ["answers"] = usage.Requests, ["asked"] = usage.NewRequests, ["inputTokens"] = usage.InputTokens, ["outputTokens"] = usage.OutputTokens,
            ["transportFailures"] = usage.TransportFailures, ["cost"] = PriceTable.Load().CostOf(r.Model, usage),
        };
    }

    private static Command Show()
    {
        var id = new Argument<long>("id") { Description = "Run id." };
        var db = Db();
        var json = Shared.Json();
        var cmd = new Command("show", "Show one run: settings, usage and result.") { id, db, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(_ =>
        {
            using var store = OpenStore(parse.GetValue(db));
            var run = GetRun(store, parse.GetValue(id));
            var summary = Summary(store, run);
            if (parse.GetValue(json))
            {
                summary["result"] = run.Score is not null ? JsonNode.Parse(ResultJson(StoredSuiteRun.Score(store, run), run.Model)) : null;
                Console.Out.WriteLine(summary.ToJsonString(Shared.Relaxed));
            }
            else
            {
                Terminal.WriteRunDetails(summary);
                if (run.Score is not null) Terminal.WriteResult(StoredSuiteRun.Score(store, run), $"run {run.Id} · {run.Model}");
            }
            return Task.FromResult(AttuneApp.Ok);
        }, ct));
        return cmd;
    }

    private static Command Rescore()
    {
        var id = new Argument<long>("id") { Description = "Run id." };
        var db = Db();
        var json = Shared.Json();
        var cmd = new Command("rescore", "Score a stored run again from its stored responses (never asks the model).") { id, db, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(_ =>
        {
            using var store = OpenStore(parse.GetValue(db));
            var run = GetRun(store, parse.GetValue(id));
            var result = StoredSuiteRun.Rescore(store, run);
            if (parse.GetValue(json)) Terminal.WriteJson(stream => result.WriteJson(stream, run.Model));
            else Terminal.WriteResult(result, $"run {run.Id} rescored · {run.Model}");
            return Task.FromResult(result.FailedThreshold ? AttuneApp.ThresholdFailed : AttuneApp.Ok);
        }, ct));
        return cmd;
    }

    private static Command Compare()
    {
        var a = new Argument<long>("a") { Description = "First run id." };
        var b = new Argument<long>("b") { Description = "Second run id." };
        var db = Db();
        var json = Shared.Json();
        var cmd = new Command("compare", "Compare two runs on the same items: score difference with a bootstrap 95% CI and a paired test.") { a, b, db, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(_ =>
        {
            using var store = OpenStore(parse.GetValue(db));
            var runA = GetRun(store, parse.GetValue(a));
            var runB = GetRun(store, parse.GetValue(b));
            if (runA.ItemSetHash != runB.ItemSetHash || runA.Suite != runB.Suite)
            {
                throw new InputException($"runs {runA.Id} and {runB.Id} used different suites or item sets; a paired comparison needs the same items");
            }
            var scoresA = ItemScores.Of(StoredSuiteRun.Score(store, runA));
            var scoresB = ItemScores.Of(StoredSuiteRun.Score(store, runB));
            var common = scoresA.Keys.Where(scoresB.ContainsKey).ToList();
            var cmp = PairedComparison.Compute([.. common.Select(k => scoresA[k])], [.. common.Select(k => scoresB[k])]);
            var doc = new JsonObject
            {
                ["a"] = new JsonObject { ["id"] = runA.Id, ["model"] = runA.Model, ["score"] = runA.Score },
                ["b"] = new JsonObject { ["id"] = runB.Id, ["model"] = runB.Model, ["score"] = runB.Score },
                ["difference"] = runB.Score - runA.Score,
                ["pairedItems"] = cmp.Pairs,
                ["meanItemDifference"] = Shared.Finite(cmp.MeanDifference),
                ["ci95"] = new JsonArray(Shared.Finite(cmp.Lower), Shared.Finite(cmp.Upper)),
                ["pValue"] = Shared.Finite(cmp.PValue),
                ["test"] = "two-sided paired sign-flip permutation test over items",
                ["betterInB"] = cmp.BetterInB,
                ["betterInA"] = cmp.BetterInA,
            };
            if (parse.GetValue(json)) Console.Out.WriteLine(doc.ToJsonString(Shared.Relaxed));
            else Terminal.WriteComparison(runA, runB, cmp);
            return Task.FromResult(AttuneApp.Ok);
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
        var id = new Argument<long>("id") { Description = "Run id." };
        var format = new Option<string>("--format") { Description = "html, md or json.", DefaultValueFactory = _ => "html" };
        var outFile = new Option<string>("--out") { Description = "Output file.", Required = true };
        var db = Db();
        var cmd = new Command("report", "Write a run report: one self-contained HTML file, Markdown or JSON.") { id, format, outFile, db };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(async token =>
        {
            var fmt = parse.GetValue(format)!;
            if (fmt is not ("html" or "md" or "json")) throw new InputException($"--format: \"{fmt}\" is not supported; use html, md or json");
            using var store = OpenStore(parse.GetValue(db));
            var run = GetRun(store, parse.GetValue(id));
            var suite = StoredSuiteRun.SuiteOf(run);
            var scored = suite.Score(store.TrialTexts(run.Id));
            var usage = store.Usage(run.Id);
            var facts = new Dictionary<string, string>
            {
                ["run"] = run.Id.ToString(CultureInfo.InvariantCulture),
                ["model"] = run.Model,
                ["items"] = run.ItemSet,
                ["status"] = run.Status,
                ["started"] = run.StartedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                ["answers"] = $"{usage.Requests} ({usage.NewRequests} asked)",
                ["tokens"] = $"{usage.InputTokens:N0} in / {usage.OutputTokens:N0} out",
            };
            var title = $"{run.Model} on {Path.GetFileName(run.ItemSet)}";
            string text;
            switch (suite)
            {
                case Attune.Suites.Eq.EqSuite eq:
                    facts["language"] = eq.Options.Language == Attune.Suites.Eq.EqLanguage.De ? "de" : "en";
                    facts["revise"] = eq.Options.Revise ? "true" : "false";
                    facts["iterations"] = eq.Options.Iterations.ToString(CultureInfo.InvariantCulture);
                    text = EqReportWriter.Render(EqReport.Build(title, (Attune.Suites.Eq.EqResult)scored, eq.Questions, facts), fmt);
                    break;
                case Attune.Suites.Ability.AbilitySuite ability:
                    facts["language"] = ability.Options.Language;
                    facts["cot"] = ability.Options.ChainOfThought ? "true" : "false";
                    facts["iterations"] = ability.Options.Iterations.ToString(CultureInfo.InvariantCulture);
                    text = AbilityReportWriter.Render((Attune.Suites.Ability.AbilityResult)scored, title, facts, fmt);
                    break;
                default:
                    throw new InputException($"run {run.Id}: no report for the {run.Suite} suite");
            }
            var path = parse.GetValue(outFile)!;
            await Shared.WriteAtomically(path, (tmp, t) => File.WriteAllTextAsync(tmp, text, t), token).ConfigureAwait(false);
            Terminal.Note($"wrote {path}");
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }
}
