using System.Globalization;
using Attune.Running;
using Attune.Suites.Eq;
using Spectre.Console;

namespace Attune.Cli;

/// <summary>Human-readable output: a progress bar on stderr when interactive, result tables on stdout.</summary>
internal static class Terminal
{
    private static readonly IAnsiConsole Out = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Out),
        Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        Interactive = InteractionSupport.No,
    });

    private static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
        Ansi = Console.IsErrorRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = Console.IsErrorRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
    });

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="work"/> with a progress bar on stderr when stderr is a terminal and JSON is not requested.</summary>
    public static async Task<T> WithProgress<T>(string title, bool quiet, Func<IProgress<RunProgress>, Task<T>> work)
    {
        if (quiet || Console.IsErrorRedirected)
        {
            return await work(new Progress<RunProgress>(_ => { })).ConfigureAwait(false);
        }
        T result = default!;
        await Err.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title));
                var progress = new SyncProgress(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Completed;
                    var extra = p.TransportFailures > 0 ? $" · {p.TransportFailures} retried" : "";
                    var cached = p.CachedRequests > 0 ? $" · {p.CachedRequests} cached" : "";
                    task.Description = Markup.Escape($"{title} · {p.Completed}/{p.Total}{cached}{extra}");
                });
                result = await work(progress).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result;
    }

    /// <summary>Prints an EQ result as tables.</summary>
    public static void WriteEqResult(EqResult result, string title)
    {
        var strict = result.Strict;
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]EQ-Bench {(strict.Version == EqVersion.V1 ? "v1" : "v2")}[/] · {Markup.Escape(title)}");
        table.AddColumn("Figure");
        table.AddColumn(new TableColumn("Value").RightAligned());
        var primaryLabel = result.Parser == EqParserKind.Strict ? "Score (strict parser, leaderboard-comparable)" : "Score (lenient parser, NOT leaderboard-comparable)";
        var p = result.Primary;
        table.AddRow($"[bold]{primaryLabel}[/]", $"[bold]{F(p.Score)}[/]");
        table.AddRow("Parseable", $"{F(p.Parseable)} / {p.Questions}{(p.FailedParseThreshold ? " [red](below 83.33%: run failed)[/]" : "")}");
        foreach (var it in p.Iterations)
        {
            var revised = it.RevisedParseable > 0 ? $" · revised {F(it.RevisedScore)} ({it.RevisedParseable})" : "";
            table.AddRow($"Iteration {it.Iteration}", $"first pass {F(it.FirstPassScore)} ({it.FirstPassParseable}){revised} → {F(it.FinalScore)}");
        }
        var other = result.Parser == EqParserKind.Strict ? result.Lenient : result.Strict;
        var otherLabel = result.Parser == EqParserKind.Strict ? "Lenient score (not leaderboard-comparable)" : "Strict score (leaderboard-comparable)";
        table.AddRow(otherLabel, $"{F(other.Score)} ({F(other.Parseable)} parseable)");
        table.AddRow("Completion limit", result.MaxTokens.ToString(CultureInfo.InvariantCulture) + " tokens");
        Out.Write(table);
        Out.WriteLine();
    }

    private sealed class SyncProgress(Action<RunProgress> action) : IProgress<RunProgress>
    {
        private readonly Lock _gate = new();

        public void Report(RunProgress value)
        {
            lock (_gate) action(value);
        }
    }
}
