using System.Globalization;
using Attune.Chat;
using Attune.Reporting;
using Attune.Storage;
using Attune.Suites;

namespace Attune.Running;

/// <summary>Builds the report of a stored run: its facts (run, roles, items, status, tokens) and its result scored from the store.</summary>
public static class RunReports
{
    /// <summary>The report of a run.</summary>
    public static async Task<RunReport> BuildAsync(RunCatalog catalog, RunRecord run, CancellationToken cancellationToken = default)
    {
        var result = await catalog.ScoreAsync(run, cancellationToken).ConfigureAwait(false);
        return await BuildAsync(catalog, run, result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The report of a run already scored from the store (a reader that keeps scored results, such as the dashboard, passes its own).</summary>
    public static async Task<RunReport> BuildAsync(RunCatalog catalog, RunRecord run, ISuiteResult result, CancellationToken cancellationToken = default)
    {
        var summary = await catalog.SummarizeAsync(run, cancellationToken).ConfigureAwait(false);
        var facts = new List<KeyValuePair<string, string>>
        {
            new("run", run.Id.ToString(CultureInfo.InvariantCulture)),
            new("model", run.Model),
        };
        foreach (var b in run.Roles.Where(r => r.Role != ModelRole.Subject)) facts.Add(new(b.Role.Name(), b.Model));
        facts.Add(new("items", run.ItemSet));
        facts.Add(new("status", run.Status.Name()));
        facts.Add(new("started", run.StartedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
        facts.Add(new("answers", $"{summary.Usage.Requests} ({summary.Usage.NewRequests} asked)"));
        facts.Add(new("tokens", $"{summary.Usage.InputTokens:N0} in / {summary.Usage.OutputTokens:N0} out"));
        facts.Add(new("settings", run.Settings));
        var warnings = new List<string>();
        if (run.Status != RunStatus.Completed) warnings.Add($"INCOMPLETE: this run is {run.Status.Name()}{(run.Error is null ? "" : $" ({run.Error})")}; its figures cover only the answers stored so far.");
        if (result.FailedThreshold) warnings.Add("The run failed the suite's threshold.");
        var title = $"{run.Model} on {Path.GetFileName(run.ItemSet)}";
        return new RunReport(title, facts, result, warnings) { Context = new ResultContext(run.Model, run.Id), RunJson = summary.ToJson() };
    }
}
