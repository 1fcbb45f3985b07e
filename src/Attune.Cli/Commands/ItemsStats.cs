using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Attune.Running;
using Attune.Statistics;
using Attune.Storage;
using Attune.Suites.Ability;

namespace Attune.Cli.Commands;

internal static partial class ItemsCommand
{
    private static Command Stats()
    {
        var suite = SuiteOption();
        var runs = new Option<string?>("--runs") { Description = "Comma-separated run ids (default: every completed ability run on the same items as the latest one)." };
        var db = RunsCommand.Db();
        var json = Shared.Json();
        var cmd = new Command("stats", "Item statistics over stored runs: difficulty with 95% CI, discrimination, distractor counts, KR-20.") { suite, runs, db, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(_ =>
        {
            RequireAbility(parse.GetValue(suite)!);
            using var store = RunsCommand.OpenStore(parse.GetValue(db));
            var chosen = ChooseRuns(store, parse.GetValue(runs));
            var responses = new List<ItemResponse>();
            var tasks = new Dictionary<string, AbilityTask>(StringComparer.Ordinal);
            foreach (var run in chosen)
            {
                var result = (AbilityResult)StoredSuiteRun.Score(store, run);
                foreach (var r in result.Items)
                {
                    responses.Add(new ItemResponse($"run {run.Id} · {run.Model} · it{r.Iteration}", r.Item.Key, r.Correct, r.ChosenIndex));
                    tasks[r.Item.Key] = r.Item.Task;
                }
            }
            var all = ItemAnalysis.Compute(responses);
            var byTask = tasks.Values.Distinct().ToDictionary(t => t, t => ItemAnalysis.Compute([.. responses.Where(r => tasks[r.Item] == t)]));
            if (parse.GetValue(json))
            {
                var doc = new JsonObject
                {
                    ["suite"] = AbilitySuite.Name,
                    ["itemSet"] = chosen[0].ItemSet,
                    ["runs"] = new JsonArray([.. chosen.Select(r => (JsonNode)JsonValue.Create(r.Id))]),
                    ["respondents"] = new JsonArray([.. all.Respondents.Select(r => (JsonNode)JsonValue.Create(r))]),
                    ["kr20"] = Shared.Finite(all.Kr20),
                    ["tasks"] = new JsonObject(byTask.Select(kv => KeyValuePair.Create(kv.Key.ToString(), (JsonNode?)new JsonObject
                    {
                        ["kr20"] = Shared.Finite(kv.Value.Kr20), ["meanScore"] = Shared.Finite(kv.Value.MeanScore), ["items"] = kv.Value.Items.Count,
                    }))),
                    ["thresholds"] = new JsonObject { ["tooEasy"] = ItemAnalysis.TooEasy, ["tooHard"] = ItemAnalysis.TooHard, ["negativeDiscrimination"] = 0 },
                    ["items"] = new JsonArray([.. all.Items.Select(i => (JsonNode)new JsonObject
                    {
                        ["id"] = i.Item,
                        ["respondents"] = i.Respondents,
                        ["difficulty"] = i.Difficulty,
                        ["ci95"] = new JsonArray(Shared.Finite(i.Lower), Shared.Finite(i.Upper)),
                        ["discrimination"] = Shared.Finite(i.Discrimination),
                        ["choices"] = new JsonObject(i.Choices.Select(c => KeyValuePair.Create(c.Key < 0 ? "none" : AbilityItem.Letter(c.Key), (JsonNode?)c.Value))),
                        ["flags"] = new JsonArray([.. i.Flags.Select(f => (JsonNode)JsonValue.Create(f))]),
                    })]),
                };
                Console.Out.WriteLine(doc.ToJsonString(Shared.Relaxed));
            }
            else
            {
                Terminal.WriteItemStats(all, byTask.ToDictionary(k => k.Key.ToString(), k => k.Value.Kr20), chosen.Count);
            }
            return Task.FromResult(AttuneApp.Ok);
        }, ct));
        return cmd;
    }

    private static List<StoredRun> ChooseRuns(RunStore store, string? ids)
    {
        List<StoredRun> runs;
        if (ids is not null)
        {
            runs = [];
            foreach (var part in ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) throw new InputException($"--runs: \"{part}\" is not a run id");
                var run = RunsCommand.GetRun(store, id);
                if (run.Suite != AbilitySuite.Name) throw new InputException($"--runs: run {id} is a {run.Suite} run, not an ability run");
                runs.Add(run);
            }
            if (runs.Select(r => r.ItemSetHash).Distinct().Count() > 1) throw new InputException("--runs: the runs used different item sets");
        }
        else
        {
            var ability = store.ListRuns().Where(r => r.Suite == AbilitySuite.Name && r.Status == "completed").ToList();
            if (ability.Count == 0) throw new InputException($"{store.Path}: no completed ability runs (run `attune run --suite ability` first)");
            var hash = ability[0].ItemSetHash;
            runs = [.. ability.Where(r => r.ItemSetHash == hash).OrderBy(r => r.Id)];
        }
        if (runs.Count == 0) throw new InputException("--runs: no runs given");
        return runs;
    }
}
