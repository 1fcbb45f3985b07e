using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Attune.Running;
using Attune.Statistics;
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
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            RequireAbility(parse.GetValue(suite)!);
            using var store = RunsCommand.OpenStore(parse.GetValue(db));
            var catalog = new RunCatalog(store, PriceTable.Load());
            var chosen = await catalog.ChooseRunsAsync(AbilitySuite.Name, ParseIds(parse.GetValue(runs)), token).ConfigureAwait(false);
            var scored = new List<(string, AbilityResult)>();
            foreach (var run in chosen) scored.Add(($"run {run.Id} · {run.Model}", (AbilityResult)await catalog.ScoreAsync(run, token).ConfigureAwait(false)));
            var analysis = AbilityItemAnalysis.Compute(scored);
            var all = analysis.All;
            var byTask = analysis.ByTask;
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
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }

    private static List<long>? ParseIds(string? ids)
    {
        if (ids is null) return null;
        var list = new List<long>();
        foreach (var part in ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) throw new InputException($"--runs: \"{part}\" is not a run id");
            list.Add(id);
        }
        if (list.Count == 0) throw new InputException("--runs: no runs given");
        return list;
    }
}
