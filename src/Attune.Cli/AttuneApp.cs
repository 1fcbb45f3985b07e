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
        root.Subcommands.Add(GuardCommand.Create());
        root.Subcommands.Add(ProxyCommand.Create());
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"attune: {parse.Errors[0].Message} (see attune --help)").ConfigureAwait(false);
            return BadInput;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
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
}
