using Attune.Suites.Ability;
using Attune.Suites.Eq;

namespace Attune.Suites;

/// <summary>The suites this build knows, and how to rebuild one from a stored run's definition.</summary>
public static class SuiteCatalog
{
    /// <summary>Names of the suites <c>attune run --suite</c> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [EqSuite.Name, AbilitySuite.Name];

    /// <summary>Rebuilds a suite from its stored definition; the items must hash as they did.</summary>
    /// <param name="name">Suite name.</param>
    /// <param name="itemSet">Item source (path or built-in name).</param>
    /// <param name="itemSetHash">The items' hash at run time.</param>
    /// <param name="settingsJson">The suite settings.</param>
    /// <param name="what">Names the run in error messages.</param>
    public static ISuite Rebuild(string name, string itemSet, string itemSetHash, string settingsJson, string what)
    {
        ISuite suite = name switch
        {
            EqSuite.Name => new EqSuite(itemSet == "builtin:attune-eq" ? EqQuestionSet.LoadBuiltIn() : EqQuestionSet.Load(itemSet), EqSuiteOptions.FromJson(settingsJson)),
            AbilitySuite.Name => new AbilitySuite(itemSet == AbilityItemSet.BuiltInName ? AbilityItemSet.LoadBuiltIn() : AbilityItemSet.Load(itemSet), AbilitySuiteOptions.FromJson(settingsJson)),
            _ => throw new InputException($"{what}: suite \"{name}\" is not known to this build"),
        };
        if (suite.ItemSetHash != itemSetHash)
        {
            throw new InputException($"{what}: the items in {itemSet} have changed since the run (hash differs); rescoring needs the same items");
        }
        return suite;
    }
}
