using System.CommandLine;
using Attune.Emotions;
using Attune.Guard;
using Attune.Proxy;
using Attune.Storage;

namespace Attune.Cli.Commands;

/// <summary><c>attune proxy</c>: an OpenAI-compatible endpoint that applies the emotional context and the manipulation guard to any upstream.</summary>
internal static class ProxyCommand
{
    public static Command Create()
    {
        var upstream = new Option<string>("--upstream") { Description = "The upstream's OpenAI-compatible base URL, e.g. https://api.openai.com/v1 or http://localhost:8000/v1.", Required = true };
        var listen = new Option<string>("--listen") { Description = "host:port to listen on (loopback unless --token is given).", DefaultValueFactory = _ => "127.0.0.1:8788" };
        var emotional = new Option<bool>("--emotional-context") { Description = "Read the user's apparent emotional state on every turn: a neutral system note for the model, the reading in the X-Attune-Emotion header." };
        var guard = new Option<string?>("--guard") { Description = "Check every reply: local, model:SPEC (a judge model) or local+model:SPEC." };
        var guardBaseUrl = new Option<string?>("--guard-base-url") { Description = "Base URL of the judge model of --guard model:SPEC." };
        var policy = new Option<string>("--policy") { Description = "What to do with a flagged reply: annotate (header and attune_guard field), block (replace it) or regenerate (ask again, then block).", DefaultValueFactory = _ => "annotate" };
        var regenerations = new Option<int>("--max-regenerations") { Description = "With --policy regenerate: how many times to ask again (0–5).", DefaultValueFactory = _ => 1 };
        var onFailure = new Option<string>("--on-failure") { Description = "When the guard's assessor fails or times out: open (pass the reply, recorded) or closed (block it).", DefaultValueFactory = _ => "open" };
        var token = new Option<string?>("--token") { Description = "Bearer token incoming requests must carry (Authorization: Bearer TOKEN, or X-Attune-Token to leave Authorization for the upstream); required beyond loopback." };
        var db = RunsCommand.Db();
        var storeMessages = new Option<bool>("--store-messages") { Description = "Store the request's messages and the reply with each verdict (by default only the verdict is stored)." };
        var cmd = new Command("proxy", "Serve /v1/chat/completions (OpenAI-compatible, streaming too), forwarding to --upstream with the emotional context and the manipulation guard applied.")
        {
            upstream, listen, emotional, guard, guardBaseUrl, policy, regenerations, onFailure, token, db, storeMessages,
        };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token2 =>
        {
            var upstreamText = parse.GetValue(upstream)!;
            if (!Uri.TryCreate(upstreamText, UriKind.Absolute, out var upstreamUri) || upstreamUri.Scheme is not ("http" or "https"))
            {
                throw new InputException($"--upstream: \"{upstreamText}\" is not an http(s) URL");
            }
            var policyValue = parse.GetValue(policy) switch
            {
                "annotate" => GuardPolicy.Annotate,
                "block" => GuardPolicy.Block,
                "regenerate" => GuardPolicy.Regenerate,
                var other => throw new InputException($"--policy: \"{other}\" is not annotate, block or regenerate"),
            };
            var failure = parse.GetValue(onFailure) switch
            {
                "open" => GuardFailureMode.FailOpen,
                "closed" => GuardFailureMode.FailClosed,
                var other => throw new InputException($"--on-failure: \"{other}\" is not open or closed"),
            };
            int maxRegenerations = parse.GetValue(regenerations);
            if (maxRegenerations is < 0 or > 5) throw new InputException("--max-regenerations: must be between 0 and 5");
            var guardSpec = parse.GetValue(guard);
            using var assessor = guardSpec is null ? null : GuardCommand.CreateAssessor(guardSpec, parse.GetValue(guardBaseUrl), TimeSpan.FromSeconds(60));
            using var store = assessor is null ? null : RunStores.Open(parse.GetValue(db) ?? RunStores.DefaultPath());
            var options = new GuardProxyOptions
            {
                Upstream = upstreamUri,
                Listen = parse.GetValue(listen)!,
                Token = parse.GetValue(token),
                Emotions = parse.GetValue(emotional) ? BuiltInEstimator.Load() : null,
                Assessor = assessor?.Assessor,
                ConfigureGuard = o =>
                {
                    o.Policy = policyValue;
                    o.MaxRegenerations = maxRegenerations;
                    o.FailureMode = failure;
                    o.AssessmentTimeout = TimeSpan.FromSeconds(assessor?.Assessor is LocalReplyAssessor ? 5 : 90);
                },
                Store = store,
                StoreMessages = parse.GetValue(storeMessages),
                OnStoreError = message => Console.Error.WriteLine(message),
            };
            if (assessor?.Assessor is LocalReplyAssessor local) local.Assess("warm-up", "warm-up");
            await using var proxy = await GuardProxy.StartAsync(options, token2).ConfigureAwait(false);
            var parts = new List<string> { $"upstream {new UriBuilder(upstreamUri) { UserName = "", Password = "" }.Uri.ToString().TrimEnd('/')}" };
            if (assessor is not null) parts.Add($"guard {assessor.Assessor.Name} ({parse.GetValue(policy)}, fail-{parse.GetValue(onFailure)})");
            if (options.Emotions is not null) parts.Add("emotional context");
            if (store is not null) parts.Add($"verdicts → {store.Location}{(options.StoreMessages ? " with messages" : "")}");
            await Console.Error.WriteLineAsync($"attune proxy: listening on {proxy.Address.ToString().TrimEnd('/')}/v1 · {string.Join(" · ", parts)} · Ctrl-C stops").ConfigureAwait(false);
            await proxy.RunUntilCancelledAsync(token2).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"attune proxy: stopped ({proxy.VerdictsRecorded} verdict rows recorded)").ConfigureAwait(false);
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }
}
