using Attune.Chat;

namespace Attune.Suites;

/// <summary>
/// A benchmark suite: it knows its items, the trials they make, how one trial talks to the models of its roles, and
/// how to score stored transcripts. It never touches HTTP, SQL or the console; the run engine drives it through this
/// interface and stores every answer before the suite sees it.
/// </summary>
public interface ISuite
{
    /// <summary>The suite's name (<c>eq</c>, <c>ability</c>, …).</summary>
    string Name { get; }

    /// <summary>Where the items came from (a path or a built-in name).</summary>
    string ItemSet { get; }

    /// <summary>SHA-256 of the items, so a stored run can be rescored only against the same items.</summary>
    string ItemSetHash { get; }

    /// <summary>The suite settings as canonical JSON (stored with a run; part of its command key).</summary>
    string SettingsJson { get; }

    /// <summary>The roles the suite talks to (the subject first when it has one; an audit of stored conversations has only a judge).</summary>
    IReadOnlyList<ModelRole> Roles { get; }

    /// <summary>Every trial id of a run, in order.</summary>
    IReadOnlyList<string> TrialIds { get; }

    /// <summary>Runs one trial: asks the role clients of <paramref name="context"/> for each turn it needs.</summary>
    Task RunTrialAsync(ITrialContext context, CancellationToken cancellationToken);

    /// <summary>
    /// True when <see cref="Score"/> looks transcripts up one trial at a time and keeps none of them (the audit of a long
    /// log does): the runner then hands it a dictionary that reads each transcript from the store when it is looked up,
    /// valid while the store is open, instead of every transcript at once.
    /// </summary>
    bool ScoresTrialByTrial => false;

    /// <summary>Scores transcripts by trial id (a missing trial was not answered). Pure: the same transcripts give the same result.</summary>
    ISuiteResult Score(IReadOnlyDictionary<string, Transcript> transcripts);
}
