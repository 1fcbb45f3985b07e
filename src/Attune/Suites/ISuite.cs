using Attune.Running;

namespace Attune.Suites;

/// <summary>
/// A benchmark suite: it knows its items, the trials they make, how one trial asks the model, and how to score
/// stored responses. It never touches HTTP, SQL or the console; the runner and the store work through this interface.
/// </summary>
public interface ISuite
{
    /// <summary>The suite's name (<c>eq</c>, <c>ability</c>).</summary>
    string Name { get; }

    /// <summary>Where the items came from (a path or a built-in name).</summary>
    string ItemSet { get; }

    /// <summary>SHA-256 of the items, so a stored run can be rescored only against the same items.</summary>
    string ItemSetHash { get; }

    /// <summary>The suite settings as canonical JSON (stored with a run; part of its command key).</summary>
    string SettingsJson { get; }

    /// <summary>Every trial id of a run, in order.</summary>
    IReadOnlyList<string> TrialIds { get; }

    /// <summary>Runs one trial, asking the model through <paramref name="gateway"/>; returns the response texts in attempt order.</summary>
    Task<IReadOnlyList<string>> RunTrialAsync(string trialId, IModelGateway gateway, CancellationToken cancellationToken);

    /// <summary>Scores responses by trial id (a missing trial was not answered). Pure: the same responses give the same result.</summary>
    ISuiteResult Score(IReadOnlyDictionary<string, IReadOnlyList<string>> responses);
}
