using System.CommandLine;
using Attune.Reporting;

namespace Attune.Cli.Commands;

/// <summary>The CI-gate options of <c>run</c> and <c>runs compare</c>: the rules, and where to write a job summary and JUnit XML.</summary>
internal sealed class GateOptions
{
    private readonly Option<double?>? _failUnder;
    private readonly Option<string?> _summary = new("--summary") { Description = "Append a Markdown summary of the result and its gates (e.g. $GITHUB_STEP_SUMMARY)." };
    private readonly Option<string?> _junit = new("--junit") { Description = "Write JUnit XML with one test case per gate." };

    private GateOptions(Option<double?>? failUnder) => _failUnder = failUnder;

    public static GateOptions Create(bool forRun) => new(forRun ? new Option<double?>("--fail-under") { Description = "Exit 1 when the score is below this (the run is still stored and printed)." } : null);

    public void AddTo(Command command)
    {
        if (_failUnder is not null) command.Options.Add(_failUnder);
        command.Options.Add(_summary);
        command.Options.Add(_junit);
    }

    public double? FailUnder(ParseResult parse)
    {
        if (_failUnder is null || parse.GetValue(_failUnder) is not { } v) return null;
        if (!double.IsFinite(v)) throw new InputException("--fail-under: not a number");
        return v;
    }

    public async Task WriteAsync(ParseResult parse, string title, IReadOnlyList<KeyValuePair<string, string>> figures, IReadOnlyList<GateOutcome> gates, string suite, CancellationToken token)
    {
        if (parse.GetValue(_summary) is { } summary)
        {
            try
            {
                await File.AppendAllTextAsync(summary, GateWriter.Markdown(title, figures, gates), token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"{summary}: cannot write the summary: {ex.Message}");
            }
        }
        if (parse.GetValue(_junit) is { } junit)
        {
            await Shared.WriteAtomically(junit, (tmp, t) => File.WriteAllTextAsync(tmp, GateWriter.JUnit(suite, gates), t), token).ConfigureAwait(false);
        }
    }
}
