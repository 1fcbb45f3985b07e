using Attune.Chat;

namespace Attune.Suites;

/// <summary>
/// A suite as the registry knows it: its name, the options it takes, the roles it needs, how to create it for a run
/// and how to rebuild it from a stored run. Adding a suite means one folder with a definition and one line in
/// <see cref="SuiteRegistry"/>.
/// </summary>
public abstract class SuiteDefinition
{
    /// <summary>The suite's name (<c>--suite</c>).</summary>
    public abstract string Name { get; }

    /// <summary>One line that says what the suite measures.</summary>
    public abstract string Description { get; }

    /// <summary>The options the suite takes beyond the run engine's own (<c>--questions</c> is always accepted).</summary>
    public abstract IReadOnlyList<SuiteOption> Options { get; }

    /// <summary>The roles the suite needs (the subject always; a judge or simulated user when the suite uses one).</summary>
    public virtual IReadOnlyList<ModelRole> Roles { get; } = [ModelRole.Subject];

    /// <summary>Creates the suite for a run; bad items or options are an <see cref="InputException"/> raised before any call.</summary>
    public abstract ISuite Create(SuiteRequest request);

    /// <summary>Rebuilds the suite of a stored run from its item source and settings (the items must be unchanged).</summary>
    public abstract ISuite Rebuild(string itemSet, string settingsJson);

    /// <summary>A one-line title for a run of the suite (item source and size).</summary>
    public virtual string Describe(ISuite suite) => $"{suite.ItemSet} ({suite.TrialIds.Count} trials)";
}
