using Attune.Suites.Ability;
using Attune.Suites.Eq;
using Attune.Suites.Eq3;
using Attune.Suites.Safety;

namespace Attune.Suites;

/// <summary>The suites this build knows: one registration line each.</summary>
public static class SuiteRegistry
{
    /// <summary>Every suite, in the order help lists them.</summary>
    public static IReadOnlyList<SuiteDefinition> All { get; } =
    [
        new EqSuiteDefinition(),
        new AbilitySuiteDefinition(),
        new Eq3SuiteDefinition(),
        new SafetySuiteDefinition(),
        new AuditSuiteDefinition(),
    ];

    /// <summary>The suite called <paramref name="name"/>.</summary>
    /// <exception cref="InputException">No such suite (the message lists the known ones).</exception>
    public static SuiteDefinition Find(string name)
        => All.FirstOrDefault(s => s.Name == name)
           ?? throw new InputException($"--suite: unknown suite \"{name}\"; available: {string.Join(", ", All.Select(s => s.Name))}");

    /// <summary>Rebuilds a stored run's suite; its items must hash as they did.</summary>
    /// <param name="name">Suite name.</param>
    /// <param name="itemSet">Item source (path or built-in name).</param>
    /// <param name="itemSetHash">The items' hash at run time.</param>
    /// <param name="settingsJson">The suite settings.</param>
    /// <param name="what">Names the run in error messages.</param>
    public static ISuite Rebuild(string name, string itemSet, string itemSetHash, string settingsJson, string what)
    {
        var definition = All.FirstOrDefault(s => s.Name == name) ?? throw new InputException($"{what}: suite \"{name}\" is not known to this build");
        var suite = definition.Rebuild(itemSet, settingsJson);
        if (suite.ItemSetHash != itemSetHash)
        {
            throw new InputException($"{what}: the items in {itemSet} have changed since the run (hash differs); rescoring needs the same items");
        }
        return suite;
    }
}
