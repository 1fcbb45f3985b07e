using System.CommandLine;
using Attune.Cli.Commands;

namespace Attune.Cli;

/// <summary>The <c>attune</c> command line: builds the command tree, maps errors to one line and an exit code.</summary>
public static class AttuneApp
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when the work ran but failed a stated threshold.</summary>
    public const int ThresholdFailed = 1;

    /// <summary>Exit code for bad input, usage or environment.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for a provider or network failure.</summary>
    public const int ProviderFailed = 3;

    /// <summary>Exit code for an unexpected internal error (a bug in Attune; EX_SOFTWARE).</summary>
    public const int InternalError = 70;

    /// <summary>Exit code after Ctrl-C.</summary>
    public const int Stopped = 130;

    /// <summary>The option that prints stack traces of unexpected errors.</summary>
    internal static readonly Option<bool> Verbose = new("--verbose") { Description = "Print the stack trace of an unexpected error.", Recursive = true };

    /// <summary>Runs the command line and returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Attune: measure, estimate and safeguard the emotional intelligence of AI models.");
        root.Options.Add(Verbose);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(EqCommand.Create());
        root.Subcommands.Add(RateCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(RunsCommand.Report());
        root.Subcommands.Add(ItemsCommand.Create());
        root.Subcommands.Add(EstimateCommand.Create());
        root.Subcommands.Add(MatrixCommand.Create());
        root.Subcommands.Add(StoreCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(GuardCommand.Create());
        root.Subcommands.Add(ProxyCommand.Create());
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(CompletionCommand.Create(root));
        Help.Install(root);
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        // ./attune.yaml's defaults, before options read their defaults from the environment (`init` rewrites a bad one)
        if (args.FirstOrDefault() != "init" && InitCommand.ApplyDefaults() is { } badProject)
        {
            await Console.Error.WriteLineAsync("attune: " + OneLine(badProject)).ConfigureAwait(false);
            return BadInput;
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is Help)
        {
            return await parse.InvokeAsync(config).ConfigureAwait(false); // --help with a required option missing is still help
        }
        if (parse.Errors.Count > 0)
        {
            // a command that only groups others ("attune", "attune runs") asks for help, not an error
            var command = parse.CommandResult.Command;
            if (command.Subcommands.Count > 0 && command.Action is null && parse.UnmatchedTokens.Count == 0 && parse.Errors.All(e => e.Message.Contains("Required command", StringComparison.Ordinal)))
            {
                return await root.Parse([.. Path(parse), "--help"]).InvokeAsync(config).ConfigureAwait(false);
            }
            await Console.Error.WriteLineAsync($"attune: {Explain(parse)} (see attune {string.Join(' ', Path(parse))} --help)".Replace("  ", " ", StringComparison.Ordinal)).ConfigureAwait(false);
            return BadInput;
        }
        return await parse.InvokeAsync(config).ConfigureAwait(false);
    }

    /// <summary>Runs a command body, turning errors into one line on stderr and their exit code.</summary>
    public static async Task<int> Guard(ParseResult parse, Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken).ConfigureAwait(false);
        }
        catch (InputException ex)
        {
            await Console.Error.WriteLineAsync("attune: " + OneLine(ex.Message)).ConfigureAwait(false);
            return BadInput;
        }
        catch (ProviderException ex)
        {
            await Console.Error.WriteLineAsync("attune: " + OneLine(ex.Message)).ConfigureAwait(false);
            return ProviderFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("attune: stopped").ConfigureAwait(false);
            return Stopped;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"attune: unexpected error ({ex.GetType().Name}): {OneLine(ex.Message)}; this is a bug in Attune, please report it (--verbose shows the stack trace)").ConfigureAwait(false);
            if (parse.GetValue(Verbose)) await Console.Error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            return InternalError;
        }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");

    private static List<string> Path(ParseResult parse)
    {
        var path = new List<string>();
        for (var r = parse.CommandResult; r is not null && r.Command is not RootCommand; r = r.Parent as System.CommandLine.Parsing.CommandResult) path.Insert(0, r.Command.Name);
        return path;
    }

    // Parse errors in words: an unknown command with the nearest one suggested; a value that is not of its option's type.
    private static string Explain(ParseResult parse)
    {
        var first = parse.Errors[0].Message;
        var unknown = parse.UnmatchedTokens.FirstOrDefault();
        var command = parse.CommandResult.Command;
        if (unknown is not null && !unknown.StartsWith('-') && command.Subcommands.Count > 0)
        {
            var nearest = command.Subcommands.Select(c => c.Name).OrderBy(n => Distance(n, unknown)).First();
            return Distance(nearest, unknown) <= Math.Max(2, unknown.Length / 2)
                ? $"unknown command \"{unknown}\"; did you mean `{nearest}`?"
                : $"unknown command \"{unknown}\"; commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))}";
        }
        var m = System.Text.RegularExpressions.Regex.Match(first, @"Cannot parse argument '(?<v>.*)' for (?:option|command) '(?<o>[^']*)' as expected type '(?<t>[^']*)'");
        if (m.Success)
        {
            var type = m.Groups["t"].Value;
            var words = type.Contains("Int", StringComparison.Ordinal) ? "a whole number" : type.Contains("Double", StringComparison.Ordinal) ? "a number" : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false" : "of the expected kind";
            return $"{m.Groups["o"].Value}: \"{m.Groups["v"].Value}\" is not {words}";
        }
        return first;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }
        return d[a.Length, b.Length];
    }
}
