using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Attune.Chat;
using Attune.Running;
using Attune.Storage;

namespace Attune.Cli.Commands;

/// <summary><c>attune matrix run|plan FILE</c>: every model × suite cell of a matrix file, each an ordinary resumable run.</summary>
internal static class MatrixCommand
{
    public static Command Create()
    {
        var matrix = new Command("matrix", "Run or plan a matrix file (attune.yaml): models × suites, each cell an ordinary resumable run.");
        matrix.Subcommands.Add(Run());
        matrix.Subcommands.Add(Plan());
        return matrix;
    }

    private static Argument<string> FileArgument() => new("file") { Description = "The matrix file (YAML: store, judge, models, suites; default ./attune.yaml, written by attune init).", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => InitCommand.FileName };

    private static string Location(string? db, MatrixFile file) => db ?? file.Store ?? RunStores.DefaultLocation();

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    private static Command Run()
    {
        var file = FileArgument();
        var db = RunsCommand.Db();
        var shard = Shared.Shard();
        var retries = new Option<int>("--retries") { Description = "Retries of a failed request.", DefaultValueFactory = _ => 6 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one request may take before it is retried.", DefaultValueFactory = _ => 120 };
        var json = Shared.Json();
        var cmd = new Command("run", "Run every cell (completed cells are read from the store), then print the leaderboard.") { file, db, shard, retries, timeout, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            var matrix = MatrixFile.Load(parse.GetValue(file)!);
            var part = parse.GetValue(shard) is { } s ? RunShard.Parse(s) : null;
            if (parse.GetValue(retries) is < 0 or > 100) throw new InputException("--retries: must be between 0 and 100");
            var seconds = parse.GetValue(timeout);
            if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 3600) throw new InputException("--timeout: must be a number of seconds between 0 and 3600");
            var retry = new RetryOptions { MaxRetries = parse.GetValue(retries), RequestTimeout = TimeSpan.FromSeconds(seconds) };
            bool asJson = parse.GetValue(json);
            using var store = RunStores.Open(Location(parse.GetValue(db), matrix));
            var results = new List<(MatrixCell Cell, RunOutcome? Outcome, string? Error)>();
            foreach (var cell in matrix.Cells)
            {
                var roles = new List<RoleModel>();
                try
                {
                    foreach (var binding in cell.Roles)
                    {
                        var url = binding.Role == ModelRole.Subject ? cell.Model.BaseUrl : binding.Role == ModelRole.Judge ? cell.Suite.JudgeBaseUrl : cell.Suite.UserBaseUrl;
                        roles.Add(RoleModel.Create(binding.Role, binding.Model, url, retry, cell.Model.Parallel));
                    }
                    var outcome = await Terminal.WithProgress($"{cell.Model.Spec} · {cell.Instance.Name}{(part is null ? "" : " · shard " + part)}", progress =>
                        SuiteRunner.RunAsync(store, cell.Instance, roles, new RunOptions { Parallel = cell.Model.Parallel, Progress = progress, Shard = part, JoinCompleted = true }, token)).ConfigureAwait(false);
                    results.Add((cell, outcome, null));
                }
                catch (ProviderException ex)
                {
                    results.Add((cell, null, ex.Message));
                    if (!asJson) Terminal.Note($"{cell.Model.Spec} · {cell.Instance.Name}: {ex.Message}");
                }
                finally
                {
                    foreach (var r in roles) r.Dispose();
                }
            }
            if (asJson)
            {
                Console.Out.WriteLine(new JsonObject
                {
                    ["store"] = store.Location,
                    ["shard"] = part?.ToString(),
                    ["cells"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject
                    {
                        ["model"] = r.Cell.Model.Spec,
                        ["suite"] = r.Cell.Instance.Name,
                        ["run"] = r.Outcome?.Run.Id,
                        ["complete"] = r.Outcome?.Complete ?? false,
                        ["score"] = r.Outcome is { Complete: true } o && o.Run.Score is { } score ? Shared.Finite(score) : null,
                        ["trialsDone"] = r.Outcome?.TrialsDone ?? 0,
                        ["trials"] = r.Cell.Instance.TrialIds.Count,
                        ["error"] = r.Error,
                    })]),
                }.ToJsonString(Shared.Relaxed));
            }
            else
            {
                var suites = matrix.Suites.Select(x => x.Definition.Name).ToList();
                var rows = matrix.Models.Select(m => (IReadOnlyList<string>)[m.Spec + (m.BaseUrl is null ? "" : " @ " + m.BaseUrl),
                    .. matrix.Suites.Select(su => results.First(r => r.Cell.Model == m && r.Cell.Suite == su) switch
                    {
                        { Error: not null } => "failed",
                        { Outcome: { Complete: true, Run.Score: { } score } } => F(score),
                        { Outcome: { Complete: false } o } => $"{o.TrialsDone}/{o.Run.Metrics.GetValueOrDefault(SuiteRunner.TrialsMetric)} trials",
                        _ => "–",
                    })]);
                Terminal.WriteTable("leaderboard · " + store.Location, ["model", .. suites], rows,
                    results.Any(r => r.Outcome is { Complete: false }) ? "cells that show trials wait for other shards; their score appears once every shard is done" : null);
            }
            return results.Any(r => r.Error is not null) ? AttuneApp.ProviderFailed : AttuneApp.Ok;
        }, ct));
        return cmd;
    }

    private static Command Plan()
    {
        var file = FileArgument();
        var db = RunsCommand.Db();
        var json = Shared.Json();
        var cmd = new Command("plan", "Print each cell's requests, estimated tokens and cost (prices.json), and what the store already holds, without calling any model.") { file, db, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            var matrix = MatrixFile.Load(parse.GetValue(file)!);
            var location = Location(parse.GetValue(db), matrix);
            IRunStore? store = null;
            try
            {
                if (RunStores.IsServer(location) || File.Exists(location)) store = RunStores.OpenReadOnly(location);
            }
            catch (InputException ex) when (ex.Message.EndsWith("no run store there", StringComparison.Ordinal))
            {
                store = null;
            }
            using var _ = store;
            var plans = await MatrixPlanner.PlanAsync(matrix, store, PriceTable.Load(), token).ConfigureAwait(false);
            static string Roles<T>(IReadOnlyDictionary<ModelRole, T> byRole) => string.Join(" · ", byRole.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key.Name()} {kv.Value}"));
            double? totalCost = plans.Any(p => p.Cost is not null) ? plans.Sum(p => p.Cost ?? 0) : null;
            if (parse.GetValue(json))
            {
                static JsonObject ByRole<T>(IReadOnlyDictionary<ModelRole, T> byRole) => new([.. byRole.OrderBy(kv => kv.Key).Select(kv => KeyValuePair.Create(kv.Key.Name(), (JsonNode?)JsonValue.Create(kv.Value)))]);
                Console.Out.WriteLine(new JsonObject
                {
                    ["store"] = store?.Location ?? RunStores.Describe(location),
                    ["cells"] = new JsonArray([.. plans.Select(p => (JsonNode)new JsonObject
                    {
                        ["model"] = p.Cell.Model.Spec,
                        ["suite"] = p.Cell.Instance.Name,
                        ["trials"] = p.Trials,
                        ["requests"] = ByRole(p.Requests),
                        ["maxRequests"] = p.MaxRequests,
                        ["inputTokens"] = ByRole(p.InputTokens),
                        ["outputTokens"] = ByRole(p.OutputTokens),
                        ["cost"] = p.Cost,
                        ["stored"] = p.Stored is { } run ? new JsonObject { ["run"] = run.Id, ["status"] = run.Status.Name(), ["trialsDone"] = p.TrialsDone, ["answers"] = p.StoredAnswers } : null,
                    })]),
                    ["totals"] = new JsonObject
                    {
                        ["requests"] = plans.Sum(p => p.TotalRequests),
                        ["remainingRequests"] = (long)Math.Round(plans.Sum(p => p.TotalRequests * p.Remaining)),
                        ["inputTokens"] = plans.Sum(p => p.InputTokens.Values.Sum()),
                        ["outputTokens"] = plans.Sum(p => p.OutputTokens.Values.Sum()),
                        ["cost"] = totalCost,
                    },
                }.ToJsonString(Shared.Relaxed));
                return AttuneApp.Ok;
            }
            var rows = plans.Select(p => (IReadOnlyList<string>)[
                p.Cell.Model.Spec, p.Cell.Instance.Name, p.Trials.ToString(CultureInfo.InvariantCulture), Roles(p.Requests), p.MaxRequests.ToString(CultureInfo.InvariantCulture),
                $"{p.InputTokens.Values.Sum():N0} / {p.OutputTokens.Values.Sum():N0}", p.Cost is { } c ? "$" + F(c) : "–",
                p.Stored is { } run ? $"run {run.Id} {run.Status.Name()} · {p.TrialsDone}/{p.Trials} trials · {p.StoredAnswers} answers" : "nothing"]);
            Terminal.WriteTable($"plan · {matrix.Path} · store {store?.Location ?? RunStores.Describe(location)}",
                ["model", "suite", "trials", "requests", "at most", "tokens in / out", "cost to go", "in the store"], rows,
                $"{plans.Sum(p => p.TotalRequests):N0} requests in all, {Math.Round(plans.Sum(p => p.TotalRequests * p.Remaining)):N0} still to ask"
                + (totalCost is { } t ? $", about ${F(t)} to go" : "; no prices (add $ATTUNE_HOME/prices.json for costs)")
                + $". Tokens: prompt characters ÷ 4 and each request's completion limit up to {MatrixPlanner.MaxAssumedOutputTokens} (else {MatrixPlanner.AssumedOutputTokens}); \"at most\" counts every retry a suite allows.");
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }
}
