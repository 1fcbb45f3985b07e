using System.Globalization;
using Attune.Running;
using Attune.Storage;
using Attune.Suites.Eq;
using Spectre.Console;

namespace Attune.Cli;

/// <summary>Human-readable output: a progress bar on stderr when interactive, result tables on stdout.</summary>
internal static class Terminal
{
    private static readonly IAnsiConsole Out = CreateOut();

    private static IAnsiConsole CreateOut()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        if (Console.IsOutputRedirected) console.Profile.Width = 120;
        return console;
    }

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

    /// <summary>Prints a suite result as tables.</summary>
    public static void WriteResult(Attune.Suites.ISuiteResult result, string title)
    {
        switch (result)
        {
            case EqResult eq:
                WriteEqResult(eq, title);
                break;
            default:
                Out.MarkupLine($"[bold]{Markup.Escape(result.Suite)}[/] · {Markup.Escape(title)}: score [bold]{F(result.Score)}[/]");
                break;
        }
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

    /// <summary>Writes one JSON document to stdout, streamed, followed by a newline.</summary>
    public static void WriteJson(Action<Stream> write)
    {
        Console.Out.Flush();
        using var stdout = Console.OpenStandardOutput();
        using (var buffered = new BufferedStream(stdout, 1 << 16))
        {
            write(buffered);
            buffered.WriteByte((byte)'\n');
        }
    }

    /// <summary>A one-line note on stderr.</summary>
    public static void Note(string text) => Err.MarkupLine("[grey]" + Markup.Escape(text) + "[/]");

    /// <summary>Prints token accounting and, when the price table lists the model, the cost.</summary>
    public static void WriteUsage(RunUsage usage, double? cost)
    {
        var parts = new List<string>
        {
            $"{usage.Requests} answers ({usage.NewRequests} asked, {usage.Requests - usage.NewRequests} from the store)",
            $"tokens in {usage.InputTokens:N0} / out {usage.OutputTokens:N0}",
        };
        if (usage.TransportFailures > 0) parts.Add($"{usage.TransportFailures} transport failures retried");
        if (cost is { } c) parts.Add($"cost ${c.ToString("0.0000", CultureInfo.InvariantCulture)}");
        Out.MarkupLine("[grey]" + Markup.Escape(string.Join(" · ", parts)) + "[/]");
    }

    /// <summary>Prints the run list.</summary>
    public static void WriteRuns(IReadOnlyList<StoredRun> runs)
    {
        if (runs.Count == 0)
        {
            Out.MarkupLine("[grey]no runs yet[/]");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "id", "started", "suite", "model", "items", "status", "score", "parseable" }) table.AddColumn(c);
        foreach (var r in runs)
        {
            var status = r.Status switch { "completed" => "[green]completed[/]", "failed" => "[red]failed[/]", "interrupted" => "[yellow]interrupted[/]", _ => Markup.Escape(r.Status) };
            table.AddRow(r.Id.ToString(CultureInfo.InvariantCulture), r.StartedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.Suite,
                Markup.Escape(r.Model), Markup.Escape(Path.GetFileName(r.ItemSet)), status, r.Score is { } s ? F(s) : "–", r.Parseable is { } p ? p.ToString("0.##", CultureInfo.InvariantCulture) : "–");
        }
        Out.Write(table);
    }

    /// <summary>Prints token totals per model.</summary>
    public static void WriteModelUsage(IReadOnlyList<(string Model, int Runs, RunUsage Usage, double? Cost)> rows)
    {
        if (rows.Count == 0) return;
        var table = new Table().Border(TableBorder.Rounded).Title("tokens by model (answers asked, not cached)");
        foreach (var c in new[] { "model", "runs", "asked", "tokens in", "tokens out", "cost (prices.json)" }) table.AddColumn(c);
        foreach (var (model, runs, u, cost) in rows)
        {
            table.AddRow(Markup.Escape(model), runs.ToString(CultureInfo.InvariantCulture), u.NewRequests.ToString(CultureInfo.InvariantCulture),
                u.InputTokens.ToString("N0", CultureInfo.InvariantCulture), u.OutputTokens.ToString("N0", CultureInfo.InvariantCulture),
                cost is { } c ? "$" + c.ToString("0.0000", CultureInfo.InvariantCulture) : "–");
        }
        Out.Write(table);
    }

    /// <summary>Prints a run's summary fields.</summary>
    public static void WriteRunDetails(System.Text.Json.Nodes.JsonObject summary)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders();
        table.AddColumn("field");
        table.AddColumn("value");
        foreach (var (k, v) in summary) table.AddRow(Markup.Escape(k), Markup.Escape(v?.ToJsonString().Trim('"') ?? "–"));
        Out.Write(table);
    }

    /// <summary>Prints a paired comparison.</summary>
    public static void WriteComparison(StoredRun a, StoredRun b, Attune.Statistics.PairedComparison cmp)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"run {a.Id} vs run {b.Id}");
        table.AddColumn("figure");
        table.AddColumn(new TableColumn("value").RightAligned());
        table.AddRow(Markup.Escape($"A: run {a.Id} · {a.Model}"), a.Score is { } sa ? F(sa) : "–");
        table.AddRow(Markup.Escape($"B: run {b.Id} · {b.Model}"), b.Score is { } sb ? F(sb) : "–");
        table.AddRow("[bold]B − A[/]", a.Score is { } x && b.Score is { } y ? $"[bold]{(y - x).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)}[/]" : "–");
        table.AddRow("paired items", cmp.Pairs.ToString(CultureInfo.InvariantCulture));
        table.AddRow("mean item difference (95% CI)", $"{F(cmp.MeanDifference)} ({F(cmp.Lower)} – {F(cmp.Upper)})");
        table.AddRow("paired sign-flip test", $"p = {cmp.PValue.ToString("0.0000", CultureInfo.InvariantCulture)}");
        table.AddRow("items better in B / in A", $"{cmp.BetterInB} / {cmp.BetterInA}");
        Out.Write(table);
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
