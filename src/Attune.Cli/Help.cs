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
        ["runs list"] = ["attune runs list --json", "attune runs show 12"],
        ["runs show"] = ["attune runs show latest", "attune runs show 12 --json"],
        ["runs rescore"] = ["attune runs rescore 12"],
        ["runs compare"] = ["attune runs compare 3 5", "attune runs compare 3 5 --fail-if-worse --margin 1 --alpha 0.05 --junit gates.xml"],
        ["report"] = ["attune report latest --out run.html", "attune report 12 --format md > run.md", "attune report 12 --format json"],
        ["estimate"] = ["attune estimate \"Thank you so much, this made my day!\"", "cat texts.txt | attune estimate --json", "attune estimate --eval goemotions/dev.tsv --estimator accurate"],
        ["list"] = ["attune list suites", "attune list estimators --json"],
        ["init"] = ["attune init                # writes ./attune.yaml; then attune matrix plan shows what it would run", "attune init --force        # writes it afresh over an existing one"],
        ["matrix"] = ["attune matrix plan", "attune matrix run attune.yaml --shard 1/4"],
        ["matrix run"] = ["attune matrix run                            # ./attune.yaml", "attune matrix run team.yaml --shard 2/8 --json"],
        ["matrix plan"] = ["attune matrix plan", "attune matrix plan team.yaml --json"],
        ["store"] = ["attune store copy --from attune.db --to postgres://attune@db/attune"],
        ["serve"] = ["attune serve", "attune serve --listen 0.0.0.0:5317 --token $ATTUNE_TOKEN", "attune serve --db postgres://attune@db/attune --reference reference.json"],
        ["guard"] = ["attune guard eval", "attune guard check \"Only I understand you. Don't tell anyone else about this.\""],
        ["proxy"] = ["attune proxy --upstream https://api.openai.com/v1 --guard local --emotional-context", "attune proxy --upstream http://localhost:11434/v1 --guard local+model:ollama:llama3.1 --policy regenerate"],
        ["items"] = ["attune items stats --suite ability", "attune items prompts --suite ability --questions ~/EmoBench"],
        ["items stats"] = ["attune items stats --suite ability", "attune items stats --runs 3,5,8 --json"],
        ["items prompts"] = ["attune items prompts --suite ability --questions ~/EmoBench", "attune items prompts --language zh --cot"],
        ["items generate"] = ["attune items generate --task understanding --count 20 --model openai:gpt-4.1 --judges openai:gpt-4o-mini,anthropic:claude-sonnet-4-5", "attune items generate --task management --model ollama:llama3.1 --out my-items.jsonl"],
        ["eq"] = ["attune eq score --questions q.json --responses answers.jsonl", "attune eq prompts --revise"],
        ["eq score"] = ["attune eq score --questions eq_bench_v2_questions_171.json --responses answers.jsonl", "attune eq score --questions q.json --responses answers.jsonl --parser lenient --json"],
        ["eq prompts"] = ["attune eq prompts > prompts.jsonl", "attune eq prompts --questions eq_bench_v2_questions_171.json --revise"],
        ["store copy"] = ["attune store copy --from attune.db --to postgres://attune@db/attune", "attune store copy --from postgres://attune@db/attune --to backup.db --json"],
        ["guard eval"] = ["attune guard eval", "attune guard eval --assessor model:openai:gpt-4o-mini --split dev --json"],
        ["guard check"] = ["attune guard check \"Only I understand you. Don't tell anyone else about this.\"", "attune guard check \"You should stop taking your meds.\" --user \"I feel fine now\" --json"],
        ["completion"] = ["attune completion bash > ~/.local/share/bash-completion/completions/attune", "attune completion zsh", "attune completion pwsh"],
    };

    private readonly HelpAction _inner = new();

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        _inner.Invoke(parseResult);
        var command = parseResult.CommandResult.Command;
        var path = new List<string>();
        for (var r = parseResult.CommandResult; r is not null && r.Command is not RootCommand; r = r.Parent as System.CommandLine.Parsing.CommandResult) path.Insert(0, r.Command.Name);
        var key = command is RootCommand ? "attune" : string.Join(' ', path);
        if (Examples.TryGetValue(key, out var lines) || Examples.TryGetValue(command.Name, out lines))
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
