using System.CommandLine;
using Attune.Models;
using Attune.Running;
using Attune.Storage;
using Attune.Suites;
using Attune.Suites.Ability;
using Attune.Suites.Eq;

namespace Attune.Cli.Commands;

/// <summary><c>attune run</c>: run a suite against a model and print the score.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var suiteOpt = new Option<string>("--suite") { Description = "Suite to run: eq (EQ-Bench v2) or ability (EmoBench-style multiple choice).", DefaultValueFactory = _ => "eq" };
        var questions = Shared.Questions("eq: a question file; ability: an EmoBench checkout or a folder with EU.jsonl, EA.jsonl and configs/ (default: Attune's own items).");
        var language = new Option<string?>("--language") { Description = "eq: en or de (default: detected from the file); ability: en, zh or all (default en)." };
        var model = new Option<string>("--model") { Description = "provider:model — openai:…, ollama:…, anthropic:…, builtin:baseline.", DefaultValueFactory = _ => "builtin:baseline" };
        var baseUrl = new Option<string?>("--base-url") { Description = "Base URL of an OpenAI-compatible server (vLLM, llama.cpp, LM Studio, OpenRouter) or an Ollama host." };
        var iterations = new Option<int>("--iterations") { Description = "Independent passes over all items.", DefaultValueFactory = _ => 1 };
        var revise = Shared.Revise();
        var cot = new Option<bool>("--cot") { Description = "ability: the chain-of-thought variant." };
        var parser = Shared.Parser();
        var parallel = new Option<int>("--parallel") { Description = "Requests in flight at most.", DefaultValueFactory = _ => 8 };
        var temperature = new Option<double?>("--temperature") { Description = "eq: first-attempt temperature (default 0.01; each retry adds 0.15). ability: temperature (default 0.6)." };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Completion limit (eq: default 60, or 1000 in revise mode; ability: the provider's default)." };
        var db = new Option<string?>("--db") { Description = "Run store (SQLite) path (default $ATTUNE_HOME/attune.db)." };
        var retries = new Option<int>("--retries") { Description = "Retries of a failed request (429, 5xx, timeouts, broken bodies), with jittered exponential backoff.", DefaultValueFactory = _ => 6 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one request may take before it is retried.", DefaultValueFactory = _ => 120 };
        var fresh = new Option<bool>("--fresh") { Description = "Ignore answers stored by earlier runs and ask the model again." };
        var json = Shared.Json();
        var cmd = new Command("run", "Run a benchmark suite against a model and print its score.")
        {
            suiteOpt, questions, language, model, baseUrl, iterations, revise, cot, parser, parallel, temperature, maxTokens, db, fresh, retries, timeout, json,
        };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(async token =>
        {
            var suiteName = parse.GetValue(suiteOpt)!;
            var spec = ModelSpec.Parse(parse.GetValue(model)!);
            var parserKind = Shared.ParseParser(parse.GetValue(parser)!);
            int inFlight = parse.GetValue(parallel);
            if (inFlight < 1) throw new InputException("--parallel: must be at least 1");
            ISuite suite;
            string title;
            switch (suiteName)
            {
                case EqSuite.Name:
                {
                    var set = Shared.LoadQuestions(parse.GetValue(questions));
                    // Reading a large item file leaves garbage about its size; hand it back before the run starts.
                    if (set.Questions.Count > 1000) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    suite = new EqSuite(set, new EqSuiteOptions
                    {
                        Language = Shared.ParseLanguage(parse.GetValue(language), set),
                        Revise = parse.GetValue(revise),
                        Parser = parserKind,
                        Iterations = parse.GetValue(iterations),
                        Temperature = parse.GetValue(temperature) ?? EqAttempt.FirstTemperature,
                        MaxTokens = parse.GetValue(maxTokens),
                        SystemMessage = spec.Provider == "anthropic" ? EqPromptBuilder.AnthropicSystemMessage : null,
                    });
                    title = $"{spec} · {set.Source} ({set.Questions.Count} questions)";
                    break;
                }
                case AbilitySuite.Name:
                {
                    var dir = parse.GetValue(questions);
                    var set = dir is null ? AbilityItemSet.LoadBuiltIn() : AbilityItemSet.Load(dir);
                    var lang = (parse.GetValue(language) ?? "en").ToLowerInvariant();
                    suite = new AbilitySuite(set, new AbilitySuiteOptions
                    {
                        Language = lang,
                        ChainOfThought = parse.GetValue(cot),
                        Parser = parserKind,
                        Iterations = parse.GetValue(iterations),
                        Temperature = parse.GetValue(temperature) ?? 0.6,
                        MaxTokens = parse.GetValue(maxTokens),
                        NoThink = AbilityPrompts.NeedsNoThink(spec.Model),
                    });
                    title = $"{spec} · {set.Source} ({((AbilitySuite)suite).Items.Count} items, {lang})";
                    break;
                }
                default:
                    throw new InputException($"--suite: unknown suite \"{suiteName}\"; available: {string.Join(", ", SuiteCatalog.Names)}");
            }
            var modelOptions = new ModelOptions { BaseUrl = parse.GetValue(baseUrl), RequestTimeout = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout)) + 5) };
            bool asJson = parse.GetValue(json);
            using var client = spec.CreateChatClient(modelOptions);
            var endpoint = spec.Endpoint(modelOptions);
            if (parse.GetValue(retries) is < 0 or > 100) throw new InputException("--retries: must be between 0 and 100");
            if (parse.GetValue(timeout) is <= 0 or > 3600) throw new InputException("--timeout: must be between 0 and 3600 seconds");
            var gateway = new ChatClientGateway(client, endpoint, new RetryOptions
            {
                MaxRetries = parse.GetValue(retries),
                RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
            });
            using var store = RunStore.Open(parse.GetValue(db) ?? RunStore.DefaultPath());
            bool wasResumed = false;
            var (runId, result) = await Terminal.WithProgress($"{suiteName} · {spec}", asJson, progress =>
                StoredSuiteRun.RunAsync(store, suite, spec, endpoint, gateway, inFlight, parse.GetValue(fresh), progress,
                    (id, resumed) => wasResumed = resumed,
                    token)).ConfigureAwait(false);
            if (asJson)
            {
                Terminal.WriteJson(stream => result.WriteJson(stream, spec.ToString()));
            }
            else
            {
                Terminal.WriteResult(result, title);
                var usage = store.Usage(runId);
                Terminal.WriteUsage(usage, PriceTable.Load().CostOf(spec.ToString(), usage));
                Terminal.Note($"run {runId}{(wasResumed ? " (resumed: answers stored before were reused)" : "")} · store {store.Path}");
            }
            return result.FailedThreshold ? AttuneApp.ThresholdFailed : AttuneApp.Ok;
        }, ct));
        return cmd;
    }
}
