using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Attune.Suites.Ability;

namespace Attune.Cli.Commands;

/// <summary><c>attune items prompts|stats|generate</c>: inspect, measure and extend item sets.</summary>
internal static partial class ItemsCommand
{
    public static Command Create()
    {
        var items = new Command("items", "Inspect, measure and extend item sets.");
        items.Subcommands.Add(Prompts());
        items.Subcommands.Add(Stats());
        items.Subcommands.Add(Generate());
        return items;
    }

    private static Option<string> SuiteOption() => new("--suite") { Description = "The suite: ability.", DefaultValueFactory = _ => "ability" };

    private static void RequireAbility(string suite)
    {
        if (suite != AbilitySuite.Name) throw new InputException($"--suite: \"{suite}\" is not supported here; use ability");
    }

    private static Command Prompts()
    {
        var suite = SuiteOption();
        var questions = Shared.Questions("An EmoBench checkout or folder (default: Attune's own items).");
        var language = new Option<string>("--language") { Description = "en or zh.", DefaultValueFactory = _ => "en" };
        var cot = new Option<bool>("--cot") { Description = "The chain-of-thought variant." };
        var noThink = new Option<bool>("--no-think") { Description = "Prefix /no_think (what the reference sends to Qwen models without chain of thought)." };
        var cmd = new Command("prompts", "Print the exact messages sent for each item, as JSONL {\"task\", \"id\", \"system\", \"user\"}.") { suite, questions, language, cot, noThink };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async _ =>
        {
            RequireAbility(parse.GetValue(suite)!);
            var dir = parse.GetValue(questions);
            var set = dir is null ? AbilityItemSet.LoadBuiltIn() : AbilityItemSet.Load(dir);
            var ability = new AbilitySuite(set, new AbilitySuiteOptions { Language = parse.GetValue(language)!, ChainOfThought = parse.GetValue(cot), NoThink = parse.GetValue(noThink) });
            var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            using var stdout = Console.OpenStandardOutput();
            using var writer = new StreamWriter(stdout, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
            foreach (var item in ability.Items)
            {
                var messages = ability.Messages(item);
                await writer.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["task"] = item.Task.ToString(), ["id"] = item.Qid, ["system"] = messages[0].Text, ["user"] = messages[1].Text,
                }, options)).ConfigureAwait(false);
            }
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }
}
