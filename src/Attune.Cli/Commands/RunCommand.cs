using System.CommandLine;
using Attune.Chat;
using Attune.Models;
using Attune.Running;
using Attune.Storage;
using Attune.Suites;

namespace Attune.Cli.Commands;

/// <summary><c>attune run</c>: run a suite against a model (and a judge or simulated user when the suite needs them) and print the score.</summary>
internal static class RunCommand
{
    /// <summary>The metric a rerun served wholly from the store carries: the run it repeats.</summary>
    public const string CachedFromMetric = "cachedFrom";

    public static Command Create()
    {
        var suiteOpt = new Option<string>("--suite") { Description = "Suite to run: " + string.Join(", ", SuiteRegistry.All.Select(s => s.Name)) + ".", DefaultValueFactory = _ => "eq" };
        var questions = Shared.Questions("The items: " + string.Join(" ", SuiteRegistry.All.Select(s => s.Name + ": see README;")) + " default: Attune's own items.");
        var model = new Option<string>("--model") { Description = "The model under test, provider:model — openai:…, ollama:…, anthropic:…, builtin:baseline (default: $ATTUNE_MODEL, else builtin:baseline).", DefaultValueFactory = _ => Shared.Default("ATTUNE_MODEL") ?? "builtin:baseline" };
        var baseUrl = new Option<string?>("--base-url") { Description = "Base URL of the model under test (an OpenAI-compatible server such as vLLM, llama.cpp, LM Studio or OpenRouter, or an Ollama host; default $ATTUNE_BASE_URL).", DefaultValueFactory = _ => Shared.Default("ATTUNE_BASE_URL") };
        var judge = new Option<string?>("--judge") { Description = "The judge model (suites that judge), provider:model (default: $ATTUNE_JUDGE).", DefaultValueFactory = _ => Shared.Default("ATTUNE_JUDGE") };
        var judgeBaseUrl = new Option<string?>("--judge-base-url") { Description = "Base URL of the judge (default: $ATTUNE_JUDGE_BASE_URL, else the provider's environment variables; never --base-url).", DefaultValueFactory = _ => Shared.Default("ATTUNE_JUDGE_BASE_URL") };
        var user = new Option<string?>("--user-model") { Description = "The simulated user (suites that simulate one), provider:model (default: $ATTUNE_USER_MODEL).", DefaultValueFactory = _ => Shared.Default("ATTUNE_USER_MODEL") };
        var userBaseUrl = new Option<string?>("--user-base-url") { Description = "Base URL of the simulated user (default: $ATTUNE_USER_BASE_URL, else the provider's environment variables; never --base-url).", DefaultValueFactory = _ => Shared.Default("ATTUNE_USER_BASE_URL") };
        var parallel = new Option<int>("--parallel") { Description = "Trials in flight at most (and each role's requests in flight at most).", DefaultValueFactory = _ => 8 };
        var db = RunsCommand.Db();
        var shard = Shared.Shard();
        var retries = new Option<int>("--retries") { Description = "Retries of a failed request (429, 5xx, timeouts, broken bodies), with jittered exponential backoff.", DefaultValueFactory = _ => 6 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one request may take before it is retried.", DefaultValueFactory = _ => 120 };
        var fresh = new Option<bool>("--fresh") { Description = "Ignore answers stored by earlier runs and ask the models again." };
        var json = Shared.Json();
        var limit = new Option<int?>("--limit") { Description = "Run only the first N items: a quick trial on a partial item set, labelled as such." };
        var gates = GateOptions.Create(forRun: true);
        var cmd = new Command("run", "Run a benchmark suite against a model and print its score.")
        {
            suiteOpt, questions, model, baseUrl, judge, judgeBaseUrl, user, userBaseUrl, parallel, db, fresh, retries, timeout, shard, json, limit,
        };
        gates.AddTo(cmd);
        var suiteOptions = SuiteOptions.AddTo(cmd);
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            var definition = SuiteRegistry.Find(parse.GetValue(suiteOpt)!);
            var arguments = suiteOptions.Read(parse, definition);
            int inFlight = parse.GetValue(parallel);
            if (inFlight is < 1 or > 1024) throw new InputException("--parallel: must be between 1 and 1024");
            if (parse.GetValue(retries) is < 0 or > 100) throw new InputException("--retries: must be between 0 and 100");
            var seconds = parse.GetValue(timeout);
            if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 3600) throw new InputException("--timeout: must be a number of seconds between 0 and 3600");
            var retry = new RetryOptions { MaxRetries = parse.GetValue(retries), RequestTimeout = TimeSpan.FromSeconds(seconds) };
            var part = parse.GetValue(shard) is { } shardText ? RunShard.Parse(shardText) : null;
            var subjectSpec = ModelSpec.Parse(parse.GetValue(model)!);
            (string? Spec, string? Url, string Flag) RoleArgs(ModelRole role) => role == ModelRole.Judge
                ? (parse.GetValue(judge), parse.GetValue(judgeBaseUrl), "--judge")
                : (parse.GetValue(user), parse.GetValue(userBaseUrl), "--user-model");
            ModelSpec? Spec(ModelRole role) => RoleArgs(role).Spec is { } text ? ModelSpec.Parse(text) : null;
            var subjectEndpoint = subjectSpec.Endpoint(new ModelOptions { BaseUrl = parse.GetValue(baseUrl) });
            var suite = definition.Create(new SuiteRequest(parse.GetValue(questions), subjectSpec, arguments)
            {
                Judge = Spec(ModelRole.Judge), User = Spec(ModelRole.User), SubjectEndpoint = subjectEndpoint,
                Limit = parse.GetValue(limit) is { } n ? (n >= 1 ? n : throw new InputException("--limit: must be at least 1")) : null,
            });
            foreach (var role in suite.Roles.Where(r => r != ModelRole.Subject))
            {
                var (spec, _, flag) = RoleArgs(role);
                if (spec is null) throw new InputException($"{flag}: the {definition.Name} suite needs a {role.Name()} model (e.g. {flag} openai:gpt-4.1)");
            }
            var roles = new List<RoleModel>();
            try
            {
                roles.Add(RoleModel.Create(ModelRole.Subject, parse.GetValue(model)!, parse.GetValue(baseUrl), retry, inFlight));
                foreach (var role in suite.Roles.Where(r => r != ModelRole.Subject))
                {
                    var (spec, url, _) = RoleArgs(role);
                    roles.Add(RoleModel.Create(role, spec!, url, retry, inFlight));
                }
                bool asJson = parse.GetValue(json);
                using var store = RunStores.Open(parse.GetValue(db) ?? RunStores.DefaultLocation());
                Attune.Storage.RunRecord? started = null;
                RunProgress? last = null;
                RunOutcome outcome;
                try
                {
                    outcome = await Terminal.WithProgress($"{suite.Name} · {subjectSpec}{(part is null ? "" : " · shard " + part)}", progress =>
                        SuiteRunner.RunAsync(store, suite, roles, new RunOptions
                        {
                            Parallel = inFlight,
                            Fresh = parse.GetValue(fresh),
                            Progress = new Tee(progress, p => last = p),
                            OnStart = (run, _) => started = run,
                            Shard = part,
                            JoinCompleted = part is not null,
                        }, token)).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested && started is not null)
                {
                    Terminal.Note($"run {started.Id} stopped at {last?.Completed ?? 0}/{suite.TrialIds.Count} trials ({last?.Requests ?? 0} answers stored); run the same command to resume");
                    throw;
                }
                if (!outcome.Complete)
                {
                    Shared.WriteShardDone(outcome, part!, suite.TrialIds.Count, store.Location, asJson);
                    return AttuneApp.Ok;
                }
                var catalog = new RunCatalog(store, PriceTable.Load());
                var summary = await catalog.SummarizeAsync(outcome.Run, token).ConfigureAwait(false);
                long? cachedFrom = null;
                if (summary.Usage.NewRequests == 0 && summary.Usage.Requests > 0 && !outcome.Resumed)
                {
                    // a rerun served wholly from the store says which run it repeats, so the list shows no unexplained duplicate
                    var earlier = (await store.ListRunsAsync(token).ConfigureAwait(false))
                        .Where(r => r.CommandKey == outcome.Run.CommandKey && r.Id < outcome.Run.Id && r.Status == Attune.Storage.RunStatus.Completed).MaxBy(r => r.Id);
                    if (earlier is not null)
                    {
                        cachedFrom = earlier.Id;
                        await store.SaveMetricsAsync(outcome.Run.Id, new Dictionary<string, double>(outcome.Run.Metrics, StringComparer.Ordinal) { [CachedFromMetric] = earlier.Id }, token).ConfigureAwait(false);
                    }
                }
                var gateResults = RunGates.ForRun(outcome.Result, gates.FailUnder(parse));
                await gates.WriteAsync(parse, $"{suite.Name} · {subjectSpec} · run {outcome.Run.Id}",
                    [.. outcome.Result.Metrics.Take(3).Select(m => new KeyValuePair<string, string>(m.Label, m.Display))], gateResults, suite.Name, token).ConfigureAwait(false);
                if (asJson)
                {
                    Terminal.WriteJson(stream => outcome.Result.WriteJson(stream, new Attune.Suites.ResultContext(subjectSpec.ToString(), outcome.Run.Id)));
                }
                else
                {
                    Terminal.WriteResult(outcome.Result, $"{subjectSpec} · {definition.Describe(suite)}");
                    Terminal.WriteUsage(summary.Usage, summary.Cost);
                    Terminal.Note($"run {outcome.Run.Id}{(outcome.Resumed ? " (resumed: answers stored before were reused)" : "")}{(cachedFrom is { } from ? $" (from the cache of run {from}: nothing was asked)" : "")} · store {store.Location}");
                    foreach (var g in gateResults.Where(g => !g.Passed)) Terminal.Note($"gate {g.Name} failed: {g.Message}");
                }
                return gateResults.All(g => g.Passed) ? AttuneApp.Ok : AttuneApp.ThresholdFailed;
            }
            finally
            {
                foreach (var r in roles) r.Dispose();
            }
        }, ct));
        return cmd;
    }

    /// <summary>Passes progress on to the display and remembers the latest.</summary>
    private sealed class Tee(IProgress<RunProgress> inner, Action<RunProgress> remember) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            remember(value);
            inner.Report(value);
        }
    }
}
