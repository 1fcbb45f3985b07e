using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Attune.Models;
using Attune.Chat;
using Microsoft.Extensions.AI;
using Attune.Suites.Ability;
using Attune.Text;

namespace Attune.Cli.Commands;

internal static partial class ItemsCommand
{
    private static Command Generate()
    {
        var suite = SuiteOption();
        var task = new Option<string>("--task") { Description = "understanding or management.", Required = true };
        var count = new Option<int>("--count") { Description = "How many items to ask for.", DefaultValueFactory = _ => 10 };
        var model = new Option<string>("--model") { Description = "The generator model (provider:model).", Required = true };
        var judges = new Option<string?>("--judges") { Description = "Comma-separated solver models that must confirm each key (default: the generator itself, which is not independent)." };
        var agreement = new Option<double>("--agreement") { Description = "Share of judges that must choose the key.", DefaultValueFactory = _ => 1.0 };
        var similarity = new Option<double>("--max-similarity") { Description = "Word-overlap similarity to any existing item at or above which an item is a near-duplicate.", DefaultValueFactory = _ => 0.5 };
        var cosine = new Option<double>("--max-cosine") { Description = "Encoder cosine similarity of scenarios (all-MiniLM-L6-v2) at or above which an item is a near-duplicate; 1 keeps only exact copies out.", DefaultValueFactory = _ => AbilityItemGenerator.DefaultMaxCosine };
        var against = Shared.Questions("Existing items to check novelty against (default: Attune's own ability items).");
        var baseUrl = new Option<string?>("--base-url") { Description = "Base URL for OpenAI-compatible or Ollama models." };
        var outFile = new Option<string?>("--out") { Description = "Item file to write (default generated-<task>-<date>.jsonl); rejected items go beside it as .rejected.jsonl." };
        var json = Shared.Json();
        var cmd = new Command("generate", "Ask a model for new items and accept only those that pass schema, novelty and key checks.")
        {
            suite, task, count, model, judges, agreement, similarity, cosine, against, baseUrl, outFile, json,
        };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            RequireAbility(parse.GetValue(suite)!);
            var taskKind = parse.GetValue(task)!.ToLowerInvariant() switch
            {
                "understanding" or "eu" => AbilityTask.EU,
                "management" or "application" or "ea" => AbilityTask.EA,
                var other => throw new InputException($"--task: \"{other}\" is not supported; use understanding or management"),
            };
            var options = new ModelOptions { BaseUrl = parse.GetValue(baseUrl) };
            var generatorSpec = ModelSpec.Parse(parse.GetValue(model)!);
            var judgeSpecs = (parse.GetValue(judges) ?? generatorSpec.ToString()).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ModelSpec.Parse).ToList();
            var clients = new List<IDisposable>();
            try
            {
                IChatClient Client(ModelSpec spec)
                {
                    var endpoint = spec.Endpoint(options);
                    var client = spec.CreateChatClient(options).AsBuilder().UseRetries(o => o.Endpoint = endpoint).Build();
                    clients.Add(client);
                    return client;
                }
                var dir = parse.GetValue(against);
                var existing = dir is null ? AbilityItemSet.LoadBuiltIn() : AbilityItemSet.Load(dir);
                var generator = new AbilityItemGenerator(Client(generatorSpec), [.. judgeSpecs.Select(s => (s.ToString(), Client(s)))], existing, parse.GetValue(agreement), parse.GetValue(similarity), TextSimilarity.Shared, parse.GetValue(cosine));
                var results = await generator.GenerateAsync(taskKind, parse.GetValue(count), null, token).ConfigureAwait(false);
                var now = DateTimeOffset.UtcNow;
                var path = parse.GetValue(outFile) ?? $"generated-{(taskKind == AbilityTask.EU ? "understanding" : "management")}-{now:yyyyMMdd-HHmmss}.jsonl";
                var rejectedPath = Path.ChangeExtension(path, null) + ".rejected.jsonl";
                var judgeNames = judgeSpecs.Select(s => s.ToString()).ToList();
                await Shared.WriteAtomically(path, (tmp, t) => File.WriteAllLinesAsync(tmp, results.Where(r => r.Accepted).Select(r => AbilityItemGenerator.ToJsonLine(r, generatorSpec.ToString(), judgeNames, now)), t), token).ConfigureAwait(false);
                await Shared.WriteAtomically(rejectedPath, (tmp, t) => File.WriteAllLinesAsync(tmp, results.Where(r => !r.Accepted).Select(r => new JsonObject
                {
                    ["number"] = r.Number, ["reason"] = r.Reason, ["judgeAnswers"] = new JsonArray([.. r.JudgeAnswers.Select(a => (JsonNode)a)]), ["raw"] = r.Raw,
                }.ToJsonString(Shared.Relaxed)), t), token).ConfigureAwait(false);
                int ok = results.Count(r => r.Accepted);
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(new JsonObject
                    {
                        ["accepted"] = ok, ["rejected"] = results.Count - ok, ["out"] = Path.GetFullPath(path), ["rejectedOut"] = Path.GetFullPath(rejectedPath),
                        ["generator"] = generatorSpec.ToString(), ["judges"] = new JsonArray([.. judgeNames.Select(j => (JsonNode)j)]),
                        ["independentJudges"] = parse.GetValue(judges) is not null,
                        ["results"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject { ["number"] = r.Number, ["accepted"] = r.Accepted, ["reason"] = r.Reason, ["agreement"] = r.Agreement })]),
                    }.ToJsonString(Shared.Relaxed));
                }
                else
                {
                    foreach (var r in results) Terminal.Note($"item {r.Number.ToString(CultureInfo.InvariantCulture)}: {(r.Accepted ? "accepted" : "rejected: " + r.Reason)}");
                    if (parse.GetValue(judges) is null) Terminal.Note("judged by the generator itself: give --judges with other models for an independent check");
                    Terminal.Note($"{ok} accepted → {path}; {results.Count - ok} rejected → {rejectedPath} (nothing enters Attune's shipped set automatically)");
                }
                return AttuneApp.Ok;
            }
            finally
            {
                foreach (var c in clients) c.Dispose();
            }
        }, ct));
        return cmd;
    }
}
