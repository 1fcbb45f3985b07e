namespace Attune.Suites.Eq3;

/// <summary>The <c>eq3</c> suite in the registry: EQ-Bench 3's judged multi-turn role-plays.</summary>
public sealed class Eq3SuiteDefinition : SuiteDefinition
{
    /// <summary>The item-set name of Attune's own scenarios.</summary>
    public const string BuiltInName = "builtin:attune-eq3";

    /// <inheritdoc />
    public override string Name => Eq3Suite.Name;

    /// <inheritdoc />
    public override string Description => "EQ-Bench 3: the model lives through multi-turn role-plays; a judge scores each transcript against a rubric (pairwise ratings with attune rate).";

    /// <inheritdoc />
    public override IReadOnlyList<Attune.Chat.ModelRole> Roles { get; } = [Attune.Chat.ModelRole.Subject, Attune.Chat.ModelRole.Judge];

    /// <inheritdoc />
    public override IReadOnlyList<SuiteOption> Options { get; } =
    [
        new("iterations", SuiteOptionKind.Integer, "Independent passes over all items (default 1)."),
        new("no-rubric", SuiteOptionKind.Flag, "Skip rubric judging (no judge needed; transcripts can still be rated pairwise)."),
    ];

    /// <inheritdoc />
    public override ISuite Create(SuiteRequest request)
    {
        var a = request.Arguments;
        var url = request.Subject.Provider == "openai" && request.SubjectEndpoint is { } endpoint ? endpoint.TrimEnd('/') + "/chat/completions" : request.SubjectEndpoint;
        var options = new Eq3SuiteOptions
        {
            Iterations = a.Integer("iterations", 1, 1, 1000),
            Rubric = !a.Flag("no-rubric"),
            SubjectUrl = url,
            SubjectModel = request.Subject.Model,
            Limit = request.Limit,
        };
        return Load(request.Questions, options);
    }

    /// <inheritdoc />
    public override ISuite Rebuild(string itemSet, string settingsJson) => Load(itemSet == BuiltInName ? null : itemSet, Eq3SuiteOptions.FromJson(settingsJson));

    private static Eq3Suite Load(string? folder, Eq3SuiteOptions options)
    {
        if (folder is null) return new Eq3Suite(Eq3Data.Load(BuiltInFolder.Path("eq3")), BuiltInName, options);
        if (!Directory.Exists(folder)) throw new InputException($"{folder}: not a folder (give a folder with the EQ-Bench 3 data files, or a checkout with them under data/)");
        return new Eq3Suite(Eq3Data.Load(folder), folder, options);
    }

    /// <inheritdoc />
    public override string Describe(ISuite suite)
        => suite is Eq3Suite s ? $"{s.ItemSet} ({s.Data.Scenarios.Count} scenarios × {s.Options.Iterations} iteration(s))" : base.Describe(suite);
}
