using Attune.Suites;

namespace Attune.Reporting;

/// <summary>Everything a run report shows: a title, facts about the run, and the scored result (rendered generically).</summary>
/// <param name="Title">The report's title.</param>
/// <param name="Facts">Facts about the run, in order (run id, model, items, status, tokens, …).</param>
/// <param name="Result">The scored result.</param>
/// <param name="Warnings">Lines a reader must see first (an incomplete run, a failed threshold).</param>
public sealed record RunReport(string Title, IReadOnlyList<KeyValuePair<string, string>> Facts, ISuiteResult Result, IReadOnlyList<string> Warnings)
{
    /// <summary>The run id and model the suite's document names.</summary>
    public ResultContext Context { get; init; } = ResultContext.None;

    /// <summary>The run as typed JSON (numbers, booleans, dates) for the JSON report; the facts are used when absent.</summary>
    public System.Text.Json.Nodes.JsonObject? RunJson { get; init; }
}
