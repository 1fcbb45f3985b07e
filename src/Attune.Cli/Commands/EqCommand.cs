using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Attune.Suites.Eq;

namespace Attune.Cli.Commands;

/// <summary><c>attune eq score</c> and <c>attune eq prompts</c>: offline scoring and the exact prompts.</summary>
internal static class EqCommand
{
    public static Command Create()
    {
        var eq = new Command("eq", "EQ-Bench tools that need no model: offline scoring and the exact prompts.");
        eq.Subcommands.Add(Score());
        eq.Subcommands.Add(Prompts());
        return eq;
    }

    private static Command Score()
    {
        var questions = Shared.Questions("EQ-Bench question file (v1 or v2 format).");
        questions.Required = true;
        var responses = new Option<string>("--responses") { Description = "JSONL: {\"id\", \"iteration\", \"response\"} per line.", Required = true };
        var revise = Shared.Revise();
        var language = Shared.Language();
        var parser = Shared.Parser();
        var json = Shared.Json();
        var cmd = new Command("score", "Score saved responses exactly as the reference harness would.") { questions, responses, revise, language, parser, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, _ =>
        {
            var set = Shared.LoadQuestions(parse.GetValue(questions));
            var (loaded, iterations) = EqResponseFile.Load(parse.GetValue(responses)!, set);
            var lang = EqSuiteDefinition.ParseLanguage(parse.GetValue(language), set);
            var suite = new EqSuite(set, new EqSuiteOptions
            {
                Language = lang,
                Revise = parse.GetValue(revise),
                Parser = EqSuiteDefinition.ParseParser(parse.GetValue(parser)),
                Iterations = iterations,
            });
            var result = suite.Score(loaded);
            if (parse.GetValue(json))
            {
                Terminal.WriteJson(stream => result.WriteJson(stream, Attune.Suites.ResultContext.None));
            }
            else
            {
                Terminal.WriteResult(result, $"offline scoring · {set.Source}");
            }
            return Task.FromResult(result.Primary.FailedParseThreshold ? AttuneApp.ThresholdFailed : AttuneApp.Ok);
        }, ct));
        return cmd;
    }

    private static Command Prompts()
    {
        var questions = Shared.Questions("EQ-Bench question file (default: Attune's own items).");
        var revise = Shared.Revise();
        var language = Shared.Language();
        var cmd = new Command("prompts", "Print the exact prompt sent for each question, as JSONL {\"id\", \"prompt\"}.") { questions, revise, language };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async _ =>
        {
            var set = Shared.LoadQuestions(parse.GetValue(questions));
            var suite = new EqSuite(set, new EqSuiteOptions { Language = EqSuiteDefinition.ParseLanguage(parse.GetValue(language), set), Revise = parse.GetValue(revise) });
            var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            using var stdout = Console.OpenStandardOutput();
            using var writer = new StreamWriter(stdout, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
            foreach (var q in set.Questions)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = q.Id, ["prompt"] = suite.Prompt(q) }, options)).ConfigureAwait(false);
            }
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }
}
