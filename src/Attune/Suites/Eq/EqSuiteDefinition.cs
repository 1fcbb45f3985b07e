namespace Attune.Suites.Eq;

/// <summary>The <c>eq</c> suite in the registry: EQ-Bench v2 (and v1) as the reference harness runs it.</summary>
public sealed class EqSuiteDefinition : SuiteDefinition
{
    /// <inheritdoc />
    public override string Name => EqSuite.Name;

    /// <inheritdoc />
    public override string Description => "EQ-Bench v2: rate the intensity of four emotions a character feels at the end of a dialogue.";

    /// <inheritdoc />
    public override IReadOnlyList<SuiteOption> Options { get; } =
    [
        new("language", SuiteOptionKind.Text, "en or de (default: detected from the file, else en)."),
        new("revise", SuiteOptionKind.Flag, "Revise mode: first pass, critique and revised scores."),
        new("parser", SuiteOptionKind.Text, "strict (the reference parser, the default) or lenient."),
        new("iterations", SuiteOptionKind.Integer, "Independent passes over all items (default 1)."),
        new("temperature", SuiteOptionKind.Number, "First-attempt temperature (default 0.01; each retry adds 0.15)."),
        new("max-tokens", SuiteOptionKind.Integer, "Completion limit (default 60, or 1000 in revise mode)."),
    ];

    /// <inheritdoc />
    public override ISuite Create(SuiteRequest request)
    {
        var a = request.Arguments;
        var set = request.Questions is null ? EqQuestionSet.LoadBuiltIn() : EqQuestionSet.Load(request.Questions);
        // Reading a large item file leaves garbage about its size; hand it back before the run starts.
        if (set.Questions.Count > 1000) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (request.Limit is { } limit) set = set.Take(limit);
        return new EqSuite(set, new EqSuiteOptions
        {
            Limit = request.Limit,
            Language = ParseLanguage(a.Text("language"), set),
            Revise = a.Flag("revise"),
            Parser = ParseParser(a.Text("parser")),
            Iterations = a.Integer("iterations", 1, 1, 1000),
            Temperature = a.NumberOrNull("temperature", 0, 2) ?? EqAttempt.FirstTemperature,
            MaxTokens = a.IntegerOrNull("max-tokens", 1, 1_000_000),
            SystemMessage = request.Subject.Provider == "anthropic" ? EqPromptBuilder.AnthropicSystemMessage : null,
        });
    }

    /// <inheritdoc />
    public override ISuite Rebuild(string itemSet, string settingsJson)
    {
        var options = EqSuiteOptions.FromJson(settingsJson);
        var set = itemSet == EqQuestionSet.BuiltInName ? EqQuestionSet.LoadBuiltIn() : EqQuestionSet.Load(itemSet);
        return new EqSuite(options.Limit is { } limit ? set.Take(limit) : set, options);
    }

    /// <inheritdoc />
    public override string Describe(ISuite suite) => suite is EqSuite eq ? $"{eq.Questions.Source} ({eq.Questions.Questions.Count} questions)" : base.Describe(suite);

    /// <summary>The language named by <c>--language</c>, or detected from the file (German files end dialogues with <c>[Ende des Dialogs]</c>).</summary>
    public static EqLanguage ParseLanguage(string? value, EqQuestionSet set)
    {
        if (value is null)
        {
            return set.Questions.Count > 0 && set.Questions[0].Prompt.Contains("[Ende des Dialogs]", StringComparison.Ordinal) ? EqLanguage.De : EqLanguage.En;
        }
        return value.ToLowerInvariant() switch
        {
            "en" => EqLanguage.En,
            "de" => EqLanguage.De,
            _ => throw new InputException($"--language: \"{value}\" is not supported; use en or de"),
        };
    }

    /// <summary>The parser named by <c>--parser</c> (strict when not given).</summary>
    public static EqParserKind ParseParser(string? value) => (value ?? "strict").ToLowerInvariant() switch
    {
        "strict" => EqParserKind.Strict,
        "lenient" => EqParserKind.Lenient,
        _ => throw new InputException($"--parser: \"{value}\" is not supported; use strict or lenient"),
    };
}
