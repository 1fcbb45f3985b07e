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
    public static Command Create()
    {
        var suiteOpt = new Option<string>("--suite") { Description = "Suite to run: " + string.Join(", ", SuiteRegistry.All.Select(s => s.Name)) + ".", DefaultValueFactory = _ => "eq" };
        var questions = Shared.Questions("The items: " + string.Join(" ", SuiteRegistry.All.Select(s => s.Name + ": see README;")) + " default: Attune's own items.");
        var model = new Option<string>("--model") { Description = "The model under test, provider:model — openai:…, ollama:…, anthropic:…, builtin:baseline.", DefaultValueFactory = _ => "builtin:baseline" };
        var baseUrl = new Option<string?>("--base-url") { Description = "Base URL of the model under test (an OpenAI-compatible server such as vLLM, llama.cpp, LM Studio or OpenRouter, or an Ollama host)." };
        var judge = new Option<string?>("--judge") { Description = "The judge model (suites that judge), provider:model." };
        var judgeBaseUrl = new Option<string?>("--judge-base-url") { Description = "Base URL of the judge (default: the provider's environment variables; never --base-url)." };
        var user = new Option<string?>("--user-model") { Description = "The simulated user (suites that simulate one), provider:model." };
        var userBaseUrl = new Option<string?>("--user-base-url") { Description = "Base URL of the simulated user (default: the provider's environment variables; never --base-url)." };
        var parallel = new Option<int>("--parallel") { Description = "Trials in flight at most (and each role's requests in flight at most).", DefaultValueFactory = _ => 8 };
        var db = RunsCommand.Db();
        var shard = Shared.Shard();
        var retries = new Option<int>("--retries") { Description = "Retries of a failed request (429, 5xx, timeouts, broken bodies), with jittered exponential backoff.", DefaultValueFactory = _ => 6 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one request may take before it is retried.", DefaultValueFactory = _ => 120 };
        var fresh = new Option<bool>("--fresh") { Description = "Ignore answers stored by earlier runs and ask the models again." };
        var json = Shared.Json();
        var cmd = new Command("run", "Run a benchmark suite against a model and print its score.")
        {
            suiteOpt, questions, model, baseUrl, judge, judgeBaseUrl, user, userBaseUrl, parallel, db, fresh, retries, timeout, shard, json,
        };
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
                var outcome = await Terminal.WithProgress($"{suite.Name} · {subjectSpec}{(part is null ? "" : " · shard " + part)}", asJson, progress =>
                    SuiteRunner.RunAsync(store, suite, roles, new RunOptions { Parallel = inFlight, Fresh = parse.GetValue(fresh), Progress = progress, Shard = part, JoinCompleted = part is not null }, token)).ConfigureAwait(false);
                if (!outcome.Complete)
                {
                    Shared.WriteShardDone(outcome, part!, suite.TrialIds.Count, store.Location, asJson);
                    return AttuneApp.Ok;
                }
                if (asJson)
                {
                    Terminal.WriteJson(stream => outcome.Result.WriteJson(stream, subjectSpec.ToString()));
                }
                else
                {
                    Terminal.WriteResult(outcome.Result, $"{subjectSpec} · {definition.Describe(suite)}");
                    var summary = await new RunCatalog(store, PriceTable.Load()).SummarizeAsync(outcome.Run, token).ConfigureAwait(false);
                    Terminal.WriteUsage(summary.Usage, summary.Cost);
                    Terminal.Note($"run {outcome.Run.Id}{(outcome.Resumed ? " (resumed: answers stored before were reused)" : "")} · store {store.Location}");
                }
                return outcome.Result.FailedThreshold ? AttuneApp.ThresholdFailed : AttuneApp.Ok;
            }
            finally
            {
                foreach (var r in roles) r.Dispose();
            }
        }, ct));
        return cmd;
    }
}
