using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Attune.Cli;

/// <summary>Help that ends with two or three examples of the command it describes.</summary>
internal sealed class Help : SynchronousCommandLineAction
{
    private static readonly Dictionary<string, string[]> Examples = new(StringComparer.Ordinal)
    {
        ["attune"] =
        [
            "attune run                                   # the eq suite on Attune's own items with the built-in baseline",
            "attune run --model openai:gpt-4o-mini --questions eq_bench_v2_questions_171.json",
            "attune list suites",
        ],
        ["run"] =
        [
            "attune run --suite eq --model openai:gpt-4o-mini",
            "attune run --suite eq3 --model ollama:llama3.1 --judge openai:gpt-4.1",
            "attune run --suite safety --model openai:my-model --base-url http://localhost:8000/v1 --user-model openai:gpt-4.1 --judge openai:gpt-4.1 --turns 12",
        ],
        ["rate"] = ["attune rate --judge openai:gpt-4.1", "attune rate --judge openai:gpt-4.1 --runs 3,5 --all-pairs --json"],
        ["audit"] = ["attune audit --file conversations.jsonl --judge openai:gpt-4.1 --out audit.html"],
        ["runs"] = ["attune runs list", "attune runs show latest", "attune runs compare 3 5 --fail-if-worse --margin 1"],
        ["list"] = ["attune runs list --json", "attune runs show 12"],
        ["show"] = ["attune runs show latest", "attune runs show 12 --json"],
        ["rescore"] = ["attune runs rescore 12"],
        ["compare"] = ["attune runs compare 3 5", "attune runs compare 3 5 --fail-if-worse --margin 1 --alpha 0.05 --junit gates.xml"],
        ["report"] = ["attune report latest --out run.html", "attune report 12 --format md > run.md", "attune report 12 --format json"],
        ["estimate"] = ["attune estimate \"Thank you so much, this made my day!\"", "attune estimate --file texts.txt --jsonl", "attune estimate --eval goemotions/dev.tsv"],
        ["items"] = ["attune items stats --suite ability", "attune items prompts --suite ability --questions ~/EmoBench"],
        ["eq"] = ["attune eq score --questions q.json --responses answers.jsonl", "attune eq prompts --revise"],
        ["completion"] = ["attune completion bash > ~/.local/share/bash-completion/completions/attune", "attune completion zsh", "attune completion pwsh"],
    };

    private readonly HelpAction _inner = new();

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        _inner.Invoke(parseResult);
        var command = parseResult.CommandResult.Command;
        if (Examples.TryGetValue(command is RootCommand ? "attune" : command.Name, out var lines))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var line in lines) output.WriteLine("  " + line);
            output.WriteLine();
        }
        return 0;
    }

    /// <summary>Puts this help on the root's help option (which every command inherits).</summary>
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options.OfType<HelpOption>()) option.Action = new Help();
    }
}
