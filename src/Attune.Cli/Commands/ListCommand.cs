using System.CommandLine;
using System.Text.Json.Nodes;
using Attune.Chat;
using Attune.Emotions;
using Attune.Suites;

namespace Attune.Cli.Commands;

/// <summary><c>attune list suites|models|taxonomies|estimators</c>: what exists, one line each.</summary>
internal static class ListCommand
{
    private static readonly (string Name, string Description)[] Providers =
    [
        ("openai:<model>", "OpenAI, or any OpenAI-compatible server with --base-url / OPENAI_BASE_URL (vLLM, llama.cpp, LM Studio, OpenRouter); key OPENAI_API_KEY"),
        ("ollama:<model>", "an Ollama server (OLLAMA_HOST or --base-url, default http://localhost:11434)"),
        ("anthropic:<model>", "Anthropic's API; key ANTHROPIC_API_KEY"),
        ("builtin:baseline", "in-process, no network: the floor real models should clear (subject only)"),
    ];

    private static readonly (string Name, string Description)[] Estimators =
    [
        ("fast", "the built-in n-gram model (also: builtin): tens of thousands of texts per second on one core"),
        ("accurate", "the built-in sentence-encoder tier (all-MiniLM-L6-v2 + a trained head): reads meaning, a few hundred texts per second"),
        ("model:<provider:model>", "any chat model, asked for one JSON object of intensities"),
        ("onnx:<folder>", "a Hugging Face-style ONNX sequence classifier export"),
    ];

    public static Command Create()
    {
        var what = new Argument<string>("what") { Description = "suites, models, taxonomies or estimators." };
        what.AcceptOnlyFromAmong("suites", "models", "taxonomies", "estimators");
        var json = Shared.Json();
        var cmd = new Command("list", "List what exists: suites, model providers, emotion taxonomies, estimators.") { what, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, _ =>
        {
            var rows = parse.GetValue(what) switch
            {
                "suites" => SuiteRegistry.All.Select(s => (s.Name, $"{s.Description} Roles: {string.Join(", ", s.Roles.Select(r => r.Name()))}.")).ToList(),
                "models" => [.. Providers],
                "taxonomies" => [.. Taxonomy.KnownNames.Select(n => (n, $"{Taxonomy.Parse(n).Count} labels"))],
                _ => [.. Estimators],
            };
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject { ["name"] = r.Item1, ["description"] = r.Item2 })]).ToJsonString(Shared.Relaxed));
            }
            else
            {
                int width = rows.Max(r => r.Item1.Length);
                foreach (var (name, description) in rows) Console.Out.WriteLine($"{name.PadRight(width)}  {description}");
            }
            return Task.FromResult(AttuneApp.Ok);
        }, ct));
        return cmd;
    }
}
