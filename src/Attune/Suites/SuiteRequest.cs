using Attune.Models;

namespace Attune.Suites;

/// <summary>What a suite is created from on <c>attune run</c>.</summary>
/// <param name="Questions">The item source given (<c>--questions</c>), or null for the suite's own items.</param>
/// <param name="Subject">The model under test (some protocols adapt to its provider or family).</param>
/// <param name="Arguments">The suite options given.</param>
public sealed record SuiteRequest(string? Questions, ModelSpec Subject, SuiteArguments Arguments)
{
    /// <summary>The judge, when the run has one (some protocols adapt their settings to the judge model).</summary>
    public ModelSpec? Judge { get; init; }

    /// <summary>The simulated user, when the run has one.</summary>
    public ModelSpec? User { get; init; }

    /// <summary>Run only the first N items (<c>--limit</c>): a partial item set, labelled as such.</summary>
    public int? Limit { get; init; }

    /// <summary>The subject's endpoint (some protocols send different settings to particular endpoints).</summary>
    public string? SubjectEndpoint { get; init; }
}
