using System.CommandLine;
using Attune.Running;

namespace Attune.Cli.Commands;

/// <summary>
/// <c>attune init</c>: writes a commented <c>attune.yaml</c> in the current folder. Its top-level defaults (store, model,
/// judge, simulated user, base URLs) are read by every later command run in that folder (explicit options and
/// <c>ATTUNE_*</c> variables win); with <c>models:</c> and <c>suites:</c> it is also the matrix of <c>attune matrix run</c>.
/// </summary>
internal static class InitCommand
{
    /// <summary>The project file every command looks for in the current folder.</summary>
    public const string FileName = "attune.yaml";

    public static Command Create()
    {
        var force = new Option<bool>("--force") { Description = "Overwrite an existing attune.yaml." };
        var cmd = new Command("init", "Write a commented attune.yaml here: defaults later commands read (model, judge, store) and a matrix of models × suites.") { force };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            var path = Path.GetFullPath(FileName);
            if (File.Exists(path) && !parse.GetValue(force)) throw new InputException($"{path}: already exists (attune init --force overwrites it)");
            await Shared.WriteAtomically(path, (tmp, t) => File.WriteAllTextAsync(tmp, Template, t), token).ConfigureAwait(false);
            // the template must stay a file Attune reads: check it the way every command and `matrix run` will
            _ = MatrixFile.Defaults(path, _ => null);
            _ = MatrixFile.Load(path, _ => null);
            Terminal.Log($"attune init: wrote {path}");
            Terminal.Log("next: `attune matrix plan` shows what it would run; `attune run` uses its defaults; edit the file to add models");
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }

    /// <summary>Reads <c>./attune.yaml</c>, when there is one, into the environment defaults it stands for (set variables win).</summary>
    /// <returns>An error message naming the file, line and key, or null.</returns>
    public static string? ApplyDefaults()
    {
        if (!File.Exists(FileName)) return null;
        try
        {
            foreach (var (variable, value) in MatrixFile.Defaults(FileName))
            {
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable))) Environment.SetEnvironmentVariable(variable, value);
            }
            return null;
        }
        catch (InputException ex)
        {
            return ex.Message;
        }
    }

    private const string Template = """
        # attune.yaml: written by `attune init`. Every attune command run in this folder reads the defaults below;
        # an explicit option (--model, --judge, --db, ...) or an ATTUNE_* environment variable wins over them.
        # ${VAR} is replaced by an environment variable (${VAR:-default} gives a default); API keys stay in the
        # environment (OPENAI_API_KEY, ANTHROPIC_API_KEY), never in this file.

        # Where runs are stored: a SQLite file (default $ATTUNE_HOME/attune.db) or a PostgreSQL server shared by a team.
        # store: ./attune.db
        # store: postgres://attune@db.example.com:5432/attune

        # The model `attune run` tests when --model is not given (default builtin:baseline: in-process, no key).
        # model: openai:gpt-4o-mini
        # base-url: http://localhost:8000/v1        # an OpenAI-compatible server (vLLM, llama.cpp, LM Studio, OpenRouter)

        # The judge of the suites that judge (eq3, safety, audit, rate) and the simulated user of safety.
        # judge: anthropic:claude-sonnet-4-5
        # judge-base-url: https://api.anthropic.com
        # user: openai:gpt-4o-mini

        # The matrix of `attune matrix run` / `attune matrix plan`: every model × every suite, each run stored once
        # (a rerun reads finished cells from the store). `attune list suites` and `attune list models` show the names.
        models:
          - builtin:baseline
          # - spec: openai:gpt-4o-mini
          #   parallel: 16
          # - spec: ollama:llama3.1
          #   base-url: http://localhost:11434
        suites:
          - eq                                      # EQ-Bench v2 on Attune's own items (no --questions needed)
          - ability                                 # Attune's own ability test
          # - suite: eq                             # the official EQ-Bench v2 items, leaderboard-comparable
          #   questions: ./eq_bench_v2_questions_171.json
          # - suite: eq3                            # judged role-plays (needs judge:)
          # - suite: safety                         # simulated vulnerable users (needs judge: and user:)
        """;
}
