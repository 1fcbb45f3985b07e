using Attune.Suites.Eq;

namespace Attune.Suites.Ability;

/// <summary>The <c>ability</c> suite in the registry: EmoBench-style multiple-choice emotional understanding and application.</summary>
public sealed class AbilitySuiteDefinition : SuiteDefinition
{
    /// <inheritdoc />
    public override string Name => AbilitySuite.Name;

    /// <inheritdoc />
    public override string Description => "Ability EI: multiple-choice emotional understanding (EU) and application (EA), EmoBench-exact.";

    /// <inheritdoc />
    public override IReadOnlyList<SuiteOption> Options { get; } =
    [
        new("language", SuiteOptionKind.Text, "en, zh or all (default en)."),
        new("cot", SuiteOptionKind.Flag, "The chain-of-thought variant."),
        new("parser", SuiteOptionKind.Text, "strict (the reference parser, the default) or lenient."),
        new("iterations", SuiteOptionKind.Integer, "Independent passes over all items (default 1)."),
        new("temperature", SuiteOptionKind.Number, "Temperature (default 0.6, the reference's)."),
        new("max-tokens", SuiteOptionKind.Integer, "Completion limit (default: the provider's)."),
    ];

    /// <inheritdoc />
    public override ISuite Create(SuiteRequest request)
    {
        var a = request.Arguments;
        var set = request.Questions is null ? AbilityItemSet.LoadBuiltIn() : AbilityItemSet.Load(request.Questions);
        return new AbilitySuite(set, new AbilitySuiteOptions
        {
            Language = (a.Text("language") ?? "en").ToLowerInvariant(),
            ChainOfThought = a.Flag("cot"),
            Parser = EqSuiteDefinition.ParseParser(a.Text("parser")),
            Iterations = a.Integer("iterations", 1, 1, 1000),
            Temperature = a.NumberOrNull("temperature", 0, 2) ?? 0.6,
            MaxTokens = a.IntegerOrNull("max-tokens", 1, 1_000_000),
            NoThink = AbilityPrompts.NeedsNoThink(request.Subject.Model),
            Limit = request.Limit,
        });
    }

    /// <inheritdoc />
    public override ISuite Rebuild(string itemSet, string settingsJson)
        => new AbilitySuite(itemSet == AbilityItemSet.BuiltInName ? AbilityItemSet.LoadBuiltIn() : AbilityItemSet.Load(itemSet), AbilitySuiteOptions.FromJson(settingsJson));

    /// <inheritdoc />
    public override string Describe(ISuite suite)
        => suite is AbilitySuite a ? $"{a.Set.Source} ({a.Items.Count} items, {a.Options.Language})" : base.Describe(suite);
}
