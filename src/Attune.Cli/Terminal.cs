using System.Globalization;
using Attune.Cli.Commands;
using Attune.Running;
using Attune.Storage;
using Attune.Chat;
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

    private static readonly IAnsiConsole Err = CreateErr();

    private static IAnsiConsole CreateErr()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = Console.IsErrorRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Console.IsErrorRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        // a log line is one line when it goes to a file or a pipe
        if (Console.IsErrorRedirected) console.Profile.Width = int.MaxValue / 4;
        return console;
    }

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "–";

    /// <summary>Runs <paramref name="work"/> with a progress bar on stderr when stderr is a terminal (with --json too: stdout stays JSON).</summary>
    public static async Task<T> WithProgress<T>(string title, Func<IProgress<RunProgress>, Task<T>> work)
    {
        if (Console.IsErrorRedirected)
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
                    var roles = p.Roles.Count > 1 ? " · " + string.Join(" · ", p.Roles.Select(r => $"{r.Role.Name()} {r.Answers}")) : "";
                    var done = p.Total > 0 ? $"{p.Completed}/{p.Total}" : $"{p.Requests} answers";
                    task.Description = Markup.Escape($"{title} · {done}{roles}{cached}{extra}");
                });
                result = await work(progress).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Writes a table as it is when it fits the terminal's width; otherwise one block per row, each cell under its
    /// column's name, so that text wraps at word boundaries and no number or word is cut across lines.
    /// </summary>
    public static void WriteFitted(Table table)
    {
        if (NaturalWidth(table) <= Out.Profile.Width)
        {
            Out.Write(table);
            return;
        }
        if (table.Title is { } title) Out.Write(new Markup(title.Text + "\n"));
        var headers = table.Columns.Select(c => c.Header).ToList();
        bool named = table.ShowHeaders;
        foreach (var row in table.Rows)
        {
            var grid = new Grid();
            grid.AddColumn(new GridColumn().NoWrap().PadRight(2));
            grid.AddColumn(new GridColumn());
            int c = 0;
            foreach (var cell in row)
            {
                grid.AddRow(named && c < headers.Count ? headers[c] : new Spectre.Console.Text(""), cell);
                c++;
            }
            Out.Write(grid);
            Out.WriteLine();
        }
    }

    /// <summary>The width a table takes when nothing constrains it.</summary>
    private static int NaturalWidth(Table table)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        console.Profile.Width = 100_000;
        console.Write(table);
        return writer.ToString().Split('\n').Max(l => l.TrimEnd().Length);
    }

    /// <summary>Prints a plain table (first column left-aligned, the others right-aligned) with an optional note under it.</summary>
    public static void WriteTable(string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows, string? note = null)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        for (int c = 0; c < columns.Count; c++) table.AddColumn(c < 2 ? new TableColumn(Markup.Escape(columns[c])) : new TableColumn(Markup.Escape(columns[c])).RightAligned());
        foreach (var row in rows) table.AddRow([.. row.Select(Markup.Escape)]);
        WriteFitted(table);
        if (note is not null) Out.MarkupLine("[grey]" + Markup.Escape(note) + "[/]");
    }

    /// <summary>Prints any suite result: its metrics, its breakdown tables and its notes.</summary>
    public static void WriteResult(Attune.Suites.ISuiteResult result, string title)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(result.Suite)}[/] · {Markup.Escape(title)}");
        table.AddColumn("Figure");
        table.AddColumn(new TableColumn("Value").RightAligned());
        bool first = true;
        foreach (var m in result.Metrics)
        {
            var value = Markup.Escape(m.Display);
            if (m.Lower is { } lo && m.Upper is { } hi && double.IsFinite(lo)) value += $" [grey](95% CI {F(lo)} – {F(hi)})[/]";
            if (m.Warning) value = $"[red]{value}[/]";
            table.AddRow(first ? $"[bold]{Markup.Escape(m.Label)}[/]" : Markup.Escape(m.Label), first ? $"[bold]{value}[/]" : value);
            first = false;
        }
        WriteFitted(table);
        foreach (var t in result.Tables)
        {
            if (t.Rows.Count == 0) continue;
            var sub = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(t.Title));
            // text columns wrap at word boundaries at narrow widths; numeric columns never wrap, so a number is never split
            for (int c = 0; c < t.Columns.Count; c++)
            {
                bool numeric = t.Rows.Count > 0 && t.Rows.All(r => c >= r.Count || IsNumeric(r[c]));
                var column = new TableColumn(Markup.Escape(t.Columns[c]));
                sub.AddColumn(c == 0 ? column : numeric ? column.RightAligned().NoWrap() : column);
            }
            if (t.Bars is not null) sub.AddColumn("");
            foreach (var row in t.Rows)
            {
                var cells = row.Select(Markup.Escape).ToList();
                if (t.Bars is { } bars) cells.Add(TextBar(row, bars));
                sub.AddRow([.. cells]);
            }
            WriteFitted(sub);
            if (t.Note is not null) Out.MarkupLine("[grey]" + Markup.Escape(t.Note) + "[/]");
        }
        foreach (var n in result.Notes) Out.MarkupLine("[grey]" + Markup.Escape(n) + "[/]");
        Out.WriteLine();
    }

    private static bool IsNumeric(string cell)
        => cell.Length > 0 && cell.Length <= 24 && cell.TrimEnd('%').Replace(" – ", "", StringComparison.Ordinal).All(ch => char.IsAsciiDigit(ch) || ch is '.' or '-' or '+' or '/' or ' ' or '(' or ')' or '–');

    /// <summary>A bar of up to 24 blocks for a table cell's number on its scale (diverging around zero when the scale goes below it).</summary>
    private static string TextBar(IReadOnlyList<string> row, Attune.Suites.BarScale scale)
    {
        const int width = 24;
        if (scale.Read(row) is not var (v, low, high)) return "";
        if (scale.Min < 0)
        {
            int half = width / 2, n = (int)Math.Round(Math.Min(1, Math.Abs(v) / Math.Max(Math.Abs(scale.Min), scale.Max)) * half);
            return v >= 0 ? new string(' ', half) + "│[red]" + new string('█', n) + "[/]" : new string(' ', half - n) + "[blue]" + new string('█', n) + "[/]│";
        }
        if (low is { } lo && high is { } hi)
        {
            // an interval: ├──●──┤ from the lower to the upper bound
            int a = (int)Math.Round(scale.Position(lo) * (width - 1)), b = (int)Math.Round(scale.Position(hi) * (width - 1)), x = (int)Math.Round(scale.Position(v) * (width - 1));
            var line = new char[width];
            for (int i = 0; i < width; i++) line[i] = i < a || i > b ? ' ' : i == a ? '├' : i == b ? '┤' : '─';
            line[Math.Clamp(x, 0, width - 1)] = '●';
            return "[mediumpurple]" + new string(line) + "[/]";
        }
        int blocks = (int)Math.Round(scale.Position(v) * width);
        return "[mediumpurple]" + new string('█', blocks) + "[/]" + new string('░', width - blocks);
    }

    /// <summary>Prints one text's top emotions as bars.</summary>
    public static void WriteEstimate(string text, Attune.Emotions.EmotionScores scores, int top, int maxCharacters)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Out.MarkupLine("[grey]no text: nothing to read[/]");
            return;
        }
        string T(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        var chart = new BarChart().Width(Math.Min(80, Math.Max(40, Out.Profile.Width))).WithMaxValue(1.0)
            .Label($"[bold]{Markup.Escape(scores.Taxonomy.Name)}[/] · top {top} · scale 0 to 1");
        foreach (var ls in scores.Top(top))
        {
            bool decided = scores.Labels.Contains(ls.Label);
            var threshold = scores.Thresholds is { } th && th.TryGetValue(ls.Label, out var t) ? $" [grey]≥{T(t)}[/]" : "";
            chart.AddItem(Markup.Escape(ls.Label) + (decided ? " ✓" : "") + threshold, Math.Round(ls.Score, 3), decided ? Color.MediumPurple : Color.Grey);
        }
        Out.Write(chart);
        string legend = scores.Thresholds is null
            ? "✓ the estimator's decision (its thresholds are not per label here)"
            : "✓ score at or above the label's own threshold (≥, tuned on GoEmotions dev)";
        Out.MarkupLine(scores.Labels.Count == 0 ? $"[grey]no emotion reached its threshold · {legend}[/]" : $"[grey]{legend}[/]");
        if (text.Length > maxCharacters) Out.MarkupLine($"[yellow]the text was truncated: only its first {maxCharacters} characters were read[/]");
        if (!Attune.Text.EnglishText.LooksEnglish(text)) Out.MarkupLine("[yellow]this does not look like English: the built-in estimators (fast, accurate) read English; try --estimator model:SPEC[/]");
    }

    /// <summary>Prints estimates for many texts as a table.</summary>
    public static void WriteEstimates(IReadOnlyList<string> texts, IReadOnlyList<Attune.Emotions.EmotionScores> scores, int top, int maxCharacters)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("#");
        table.AddColumn("text");
        table.AddColumn("labels");
        table.AddColumn($"top {top}");
        for (int i = 0; i < texts.Count; i++)
        {
            var t = texts[i].Length > 60 ? texts[i][..57] + "…" : texts[i];
            var truncated = texts[i].Length > maxCharacters ? " [yellow](truncated)[/]" : "";
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(t) + truncated, Markup.Escape(string.Join(", ", scores[i].Labels)),
                Markup.Escape(string.Join(" ", scores[i].Top(top).Select(x => $"{x.Label} {x.Score.ToString("0.00", CultureInfo.InvariantCulture)}"))));
        }
        WriteFitted(table);
    }

    /// <summary>Prints an evaluation: macro/micro F1 and a per-label table.</summary>
    public static void WriteEvaluation(Attune.Emotions.MultiLabelEvaluation e, string path)
    {
        string P(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(Path.GetFileName(path))}[/] · {e.Texts} texts · macro-F1 [bold]{P(e.MacroF1)}[/] · micro-F1 {P(e.MicroF1)}");
        foreach (var c in new[] { "label", "support", "predicted", "precision", "recall", "F1" }) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var l in e.Labels)
        {
            table.AddRow(Markup.Escape(l.Label), l.Support.ToString(CultureInfo.InvariantCulture), l.Predicted.ToString(CultureInfo.InvariantCulture), P(l.Precision), P(l.Recall), $"[bold]{P(l.F1)}[/]");
        }
        WriteFitted(table);
    }

    /// <summary>Prints a guard assessor's measurement: per-criterion precision, recall and F1, macro-F1, latency per reply.</summary>
    public static void WriteGuardMeasurement(Attune.Guard.GuardMeasurement m, string split)
    {
        string P(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        var e = m.Evaluation;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]guard eval[/] · {Markup.Escape(m.Assessor)} · {split} split, {e.Replies} replies · macro-F1 [bold]{P(e.MacroF1)}[/]");
        foreach (var c in new[] { "criterion", "support", "flagged", "precision", "recall", "F1" }) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var c in e.Criteria)
        {
            table.AddRow(Markup.Escape(c.Criterion), c.Support.ToString(CultureInfo.InvariantCulture), c.Predicted.ToString(CultureInfo.InvariantCulture), P(c.Precision), P(c.Recall), $"[bold]{P(c.F1)}[/]");
        }
        var any = e.Flagged;
        table.AddRow("[grey]any criterion[/]", any.Support.ToString(CultureInfo.InvariantCulture), any.Predicted.ToString(CultureInfo.InvariantCulture), P(any.Precision), P(any.Recall), P(any.F1));
        WriteFitted(table);
        Out.MarkupLine($"latency per reply: mean {GuardCommand.Ms(m.MeanLatency)} ms · p50 {GuardCommand.Ms(m.MedianLatency)} ms · p99 {GuardCommand.Ms(m.P99Latency)} ms · {m.RepliesPerSecond.ToString("0", CultureInfo.InvariantCulture)} replies/s");
    }

    /// <summary>Prints one reply's assessment: the criteria that fired with strength and snippet, or that it looks healthy.</summary>
    public static void WriteAssessment(Attune.Guard.ReplyAssessment a)
    {
        if (!a.IsFlagged)
        {
            Out.MarkupLine($"[green]healthy[/] · no criterion fired ({Markup.Escape(a.Assessor)})");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]flagged[/] · {Markup.Escape(a.Assessor)}");
        table.AddColumn("criterion");
        table.AddColumn(new TableColumn("strength").RightAligned());
        table.AddColumn("snippet");
        foreach (var f in a.Findings) table.AddRow(Markup.Escape(f.Criterion), f.Strength.ToString("0.00", CultureInfo.InvariantCulture), Markup.Escape(f.Snippet));
        WriteFitted(table);
    }

    /// <summary>Prints item statistics, flagged items first.</summary>
    public static void WriteItemStats(Attune.Statistics.ItemAnalysis analysis, IReadOnlyDictionary<string, double> kr20ByTask, int runs)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Item statistics[/] · {runs} run(s), {analysis.Respondents.Count} respondent(s)");
        foreach (var c in new[] { "item", "p (difficulty)", "95% CI", "discrimination", "choices", "flags" }) table.AddColumn(c);
        foreach (var i in analysis.Items.OrderByDescending(i => i.Flags.Count).ThenBy(i => i.Item, StringComparer.Ordinal))
        {
            var choices = string.Join(" ", i.Choices.Select(c => $"{(c.Key < 0 ? "–" : ((char)('A' + c.Key)).ToString())}:{c.Value}"));
            var flags = i.Flags.Count == 0 ? "" : "[yellow]" + Markup.Escape(string.Join(", ", i.Flags)) + "[/]";
            table.AddRow(Markup.Escape(i.Item), i.Difficulty.ToString("0.00", CultureInfo.InvariantCulture),
                $"{i.Lower.ToString("0.00", CultureInfo.InvariantCulture)}–{i.Upper.ToString("0.00", CultureInfo.InvariantCulture)}",
                double.IsNaN(i.Discrimination) ? "–" : i.Discrimination.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture), choices, flags);
        }
        WriteFitted(table);
        string K(double v) => double.IsNaN(v) ? "–" : v.ToString("0.00", CultureInfo.InvariantCulture);
        Out.MarkupLine($"KR-20 (α): all items {K(analysis.Kr20)}" + string.Concat(kr20ByTask.Select(k => $" · {Markup.Escape(k.Key)} {K(k.Value)}")));
        Out.MarkupLine($"[grey]Flags: p > {Attune.Statistics.ItemAnalysis.TooEasy:0.00} too easy, p < {Attune.Statistics.ItemAnalysis.TooHard:0.00} too hard, corrected item–total r < 0 negative discrimination.[/]");
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

    /// <summary>Opens a file in the system's viewer when there is one (xdg-open, open), else prints its path.</summary>
    public static void Open(string path)
    {
        foreach (var opener in new[] { "xdg-open", "open" })
        {
            var full = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, opener)).FirstOrDefault(File.Exists);
            if (full is null || Console.IsErrorRedirected) continue;
            try
            {
                using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(full, [path]) { UseShellExecute = false });
                return;
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        Note($"open {path} in a browser");
    }

    /// <summary>A one-line note on stderr.</summary>
    public static void Note(string text) => Err.MarkupLine("[grey]" + Markup.Escape(text) + "[/]");

    /// <summary>A log line on stderr, never wrapped (a server's log is read by tools as well as people).</summary>
    public static void Log(string text) => Console.Error.WriteLine(text.ReplaceLineEndings(" "));

    /// <summary>Prints token accounting (per role when the run has several) and, when the price table lists the models, the cost.</summary>
    public static void WriteUsage(RunUsage usage, double? cost)
    {
        var parts = new List<string>
        {
            $"{usage.Requests} answers ({usage.NewRequests} asked, {usage.Requests - usage.NewRequests} from the store)",
            $"tokens in {usage.InputTokens:N0} / out {usage.OutputTokens:N0}",
        };
        if (usage.Roles.Count > 1)
        {
            parts.Add(string.Join(", ", usage.Roles.Select(r => $"{r.Role.Name()} {r.Model}: {r.Asked} asked, {r.InputTokens:N0}/{r.OutputTokens:N0} tokens")));
        }
        if (usage.TransportFailures > 0) parts.Add($"{usage.TransportFailures} transport failures retried");
        if (cost is { } c) parts.Add($"cost ${c.ToString("0.0000", CultureInfo.InvariantCulture)}");
        Out.MarkupLine("[grey]" + Markup.Escape(string.Join(" · ", parts)) + "[/]");
    }

    /// <summary>Prints the run list.</summary>
    public static void WriteRuns(IReadOnlyList<RunSummary> runs)
    {
        if (runs.Count == 0)
        {
            Out.MarkupLine("[grey]no runs yet[/]");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "id", "started", "suite", "model", "items", "status", "score", "parseable" }) table.AddColumn(c);
        foreach (var s in runs)
        {
            var r = s.Run;
            var status = r.Status switch
            {
                RunStatus.Completed when r.Metrics.ContainsKey(Attune.Suites.SuiteResults.FailedThresholdMetric) => "[red]completed · failed threshold[/]",
                RunStatus.Completed when r.Metrics.TryGetValue(Commands.RunCommand.CachedFromMetric, out var from) => $"[green]completed[/] [grey]· from cache of run {from.ToString(CultureInfo.InvariantCulture)}[/]",
                RunStatus.Completed => "[green]completed[/]",
                RunStatus.Failed => "[red]failed · INCOMPLETE[/]",
                RunStatus.Interrupted => "[yellow]interrupted · INCOMPLETE[/]",
                _ => Markup.Escape(r.Status.Name()) + " · INCOMPLETE",
            };
            var model = string.Join(", ", r.Roles.Select(b => b.Role == Attune.Chat.ModelRole.Subject ? b.Model : $"{b.Role.Name()} {b.Model}"));
            table.AddRow(r.Id.ToString(CultureInfo.InvariantCulture), r.StartedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.Suite,
                Markup.Escape(model), Markup.Escape(Path.GetFileName(r.ItemSet)), status, r.Score is { } sc ? F(sc) : "–",
                r.Metrics.TryGetValue("parseable", out var p) ? p.ToString("0.##", CultureInfo.InvariantCulture) : "–");
        }
        WriteFitted(table);
    }

    /// <summary>Prints token totals per model and role.</summary>
    public static void WriteModelUsage(IReadOnlyList<ModelUsage> rows)
    {
        if (rows.Count == 0) return;
        var table = new Table().Border(TableBorder.Rounded).Title("tokens by model and role (answers asked, not from the store)");
        foreach (var c in new[] { "model", "role", "runs", "asked", "tokens in", "tokens out", "cost (prices.json)" }) table.AddColumn(c);
        foreach (var u in rows)
        {
            table.AddRow(Markup.Escape(u.Model), u.Role.Name(), u.Runs.ToString(CultureInfo.InvariantCulture), u.Asked.ToString(CultureInfo.InvariantCulture),
                u.InputTokens.ToString("N0", CultureInfo.InvariantCulture), u.OutputTokens.ToString("N0", CultureInfo.InvariantCulture),
                u.Cost is { } c ? "$" + c.ToString("0.0000", CultureInfo.InvariantCulture) : "–");
        }
        WriteFitted(table);
    }

    /// <summary>Prints a run's summary fields.</summary>
    public static void WriteRunDetails(System.Text.Json.Nodes.JsonObject summary)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders();
        table.AddColumn("field");
        table.AddColumn("value");
        foreach (var (k, v) in summary)
        {
            var text = v is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var s) ? s : v?.ToJsonString(Shared.Relaxed) ?? "–";
            table.AddRow(Markup.Escape(k), Markup.Escape(text));
        }
        WriteFitted(table);
    }

    /// <summary>Prints a pairwise-rating ladder with 95% intervals as bars.</summary>
    public static void WriteLadder(Attune.Suites.Eq3.Eq3Rating rating)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(rating.Normalized ? "EQ-Bench 3 ladder (normalised: o3 = 1500, llama-3.2-1b = 200)" : "EQ-Bench 3 ladder (raw TrueSkill μ; the public anchors are absent)");
        foreach (var c in new[] { "#", "model", "rating", "95% CI", "σ", "" }) table.AddColumn(c);
        double lo = rating.Ratings.Count == 0 ? 0 : rating.Ratings.Min(r => r.Value.CiLowNorm), hi = rating.Ratings.Count == 0 ? 1 : rating.Ratings.Max(r => r.Value.CiHighNorm);
        int rank = 1;
        foreach (var (model, r) in rating.Ratings)
        {
            const int width = 24;
            int a = (int)Math.Round((r.CiLowNorm - lo) / Math.Max(1e-9, hi - lo) * (width - 1)), b = (int)Math.Round((r.CiHighNorm - lo) / Math.Max(1e-9, hi - lo) * (width - 1));
            int m = (int)Math.Round((r.EloNorm - lo) / Math.Max(1e-9, hi - lo) * (width - 1));
            var bar = string.Concat(Enumerable.Range(0, width).Select(i => i == m ? '●' : i >= a && i <= b ? '─' : ' '));
            table.AddRow((rank++).ToString(CultureInfo.InvariantCulture), Markup.Escape(model), r.EloNorm.ToString("0.0", CultureInfo.InvariantCulture),
                $"{r.CiLowNorm.ToString("0", CultureInfo.InvariantCulture)} – {r.CiHighNorm.ToString("0", CultureInfo.InvariantCulture)}", r.Sigma.ToString("0.0", CultureInfo.InvariantCulture), bar);
        }
        WriteFitted(table);
        if (rating.Errors.Count > 0) Out.MarkupLine($"[yellow]{rating.Errors.Count} verdict(s) could not be read; they are stored and not rated.[/]");
        Out.MarkupLine("[grey]A model alone has nothing to be compared with: 1200 ± 116.7 until another model is rated.[/]");
    }

    /// <summary>Prints a paired comparison.</summary>
    public static void WriteComparison(RunComparison cmp)
    {
        var p = cmp.Paired;
        var table = new Table().Border(TableBorder.Rounded).Title($"run {cmp.A.Id} vs run {cmp.B.Id}");
        table.AddColumn("figure");
        table.AddColumn(new TableColumn("value").RightAligned());
        table.AddRow(Markup.Escape($"A: run {cmp.A.Id} · {cmp.A.Model}"), F(cmp.ScoreA));
        table.AddRow(Markup.Escape($"B: run {cmp.B.Id} · {cmp.B.Model}"), F(cmp.ScoreB));
        table.AddRow("[bold]B − A[/]", $"[bold]{cmp.Difference.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture)}[/]");
        table.AddRow("paired items", p.Pairs.ToString(CultureInfo.InvariantCulture));
        table.AddRow("mean item difference (95% CI)", $"{F(p.MeanDifference)} ({F(p.Lower)} – {F(p.Upper)})");
        table.AddRow("paired sign-flip test", double.IsFinite(p.PValue) ? $"p = {p.PValue.ToString("0.0000", CultureInfo.InvariantCulture)}" : "–");
        table.AddRow("items better in B / in A", $"{p.BetterInB} / {p.BetterInA}");
        WriteFitted(table);
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
