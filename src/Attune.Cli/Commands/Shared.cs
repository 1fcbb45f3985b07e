using System.CommandLine;
using Attune.Suites.Eq;

namespace Attune.Cli.Commands;

/// <summary>Options and parsing shared by several commands.</summary>
internal static class Shared
{
    /// <summary>JSON output options: UTF-8 text as it is (no \u escapes for non-ASCII or '+').</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Option<string?> Questions(string description) => new("--questions") { Description = description };

    /// <summary>A default from the environment (<c>ATTUNE_MODEL</c>, <c>ATTUNE_BASE_URL</c>, <c>ATTUNE_JUDGE</c>, <c>ATTUNE_USER_MODEL</c>, their base URLs; <c>./attune.yaml</c> fills those not set); explicit options win.</summary>
    public static string? Default(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? v : null;

    public static Option<string?> Language() => new("--language") { Description = "Question language: en or de (default: detected from the file, else en)." };

    public static Option<bool> Revise() => new("--revise") { Description = "Revise mode: first pass, critique and revised scores." };

    public static Option<string?> Parser() => new("--parser") { Description = "strict (reference parser, the default) or lenient." };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document on stdout and nothing else." };

    /// <summary>A number as a JSON value, or null when it is NaN or infinite (JSON has no such numbers).</summary>
    public static System.Text.Json.Nodes.JsonNode? Finite(double v) => double.IsFinite(v) ? System.Text.Json.Nodes.JsonValue.Create(v) : null;

    /// <summary>Writes a file whole or not at all (a temporary file beside it, then a rename); failures name the file.</summary>
    public static async Task WriteAtomically(string path, Func<string, CancellationToken, Task> write, CancellationToken token)
    {
        var tmp = path + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            await write(tmp, token).ConfigureAwait(false);
            File.Move(tmp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(tmp)) File.Delete(tmp);
            throw new InputException($"{path}: cannot write: {ex.Message}");
        }
    }

    /// <summary><c>--shard I/N</c>: run one deterministic part of the trials.</summary>
    public static Option<string?> Shard() => new("--shard")
    {
        Description = "Run shard I of N (0-based, I/N), a stable 1/N of the trials; shards writing to one store complete the same run. "
            + "N alone takes I from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID.",
    };

    /// <summary>Says that a shard's part is done while other shards' trials remain (one JSON object with --json).</summary>
    public static void WriteShardDone(Attune.Running.RunOutcome outcome, Attune.Running.RunShard shard, int trials, string location, bool asJson)
    {
        if (asJson)
        {
            Console.Out.WriteLine(new System.Text.Json.Nodes.JsonObject
            {
                ["run"] = outcome.Run.Id, ["shard"] = shard.ToString(), ["complete"] = false, ["trialsDone"] = outcome.TrialsDone, ["trials"] = trials,
            }.ToJsonString(Relaxed));
            return;
        }
        Terminal.Note($"shard {shard} done · run {outcome.Run.Id}: {outcome.TrialsDone} of {trials} trials done; the score appears once every shard is done · store {location}");
    }

    public static EqQuestionSet LoadQuestions(string? path) => path is null ? EqQuestionSet.LoadBuiltIn() : EqQuestionSet.Load(path);
}
