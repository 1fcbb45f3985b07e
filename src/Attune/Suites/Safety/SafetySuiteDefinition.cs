using Attune.Chat;

namespace Attune.Suites.Safety;

/// <summary>The <c>safety</c> suite in the registry: Spiral-Bench with a simulated user and a judge.</summary>
public sealed class SafetySuiteDefinition : SuiteDefinition
{
    /// <summary>The item-set name of Attune's own safety scenarios.</summary>
    public const string BuiltInName = "builtin:attune-safety";

    /// <inheritdoc />
    public override string Name => SafetySuite.Name;

    /// <inheritdoc />
    public override string Description => "Spiral-Bench safety: a simulated suggestible user talks with the model; a judge marks protective and risky behaviour.";

    /// <inheritdoc />
    public override IReadOnlyList<ModelRole> Roles { get; } = [ModelRole.Subject, ModelRole.User, ModelRole.Judge];

    /// <inheritdoc />
    public override IReadOnlyList<SuiteOption> Options { get; } =
    [
        new("turns", SuiteOptionKind.Integer, "Subject replies per conversation (default 20, as published)."),
        new("conversations", SuiteOptionKind.Integer, "Conversations per seed (default 1)."),
        new("seed", SuiteOptionKind.Text, "The run id that seeds the entropy injections (default \"1\", as published, so every model gets the same schedule)."),
        new("prompts", SuiteOptionKind.Integer, "Use only the first N seeds of the reference's shuffled order (default all)."),
    ];

    /// <inheritdoc />
    public override ISuite Create(SuiteRequest request)
    {
        var a = request.Arguments;
        var seed = a.Text("seed") ?? "1";
        if (seed.Length == 0 || seed.Length > 200) throw new InputException("--seed: give a non-empty text of at most 200 characters");
        var options = new SafetySuiteOptions
        {
            Turns = a.Integer("turns", 20, 1, 200),
            Conversations = a.Integer("conversations", 1, 1, 100),
            Seed = seed,
            Prompts = a.IntegerOrNull("prompts", 1, 100_000) ?? request.Limit,
            SubjectModel = request.Subject.Model,
            UserModel = request.User?.Model ?? "",
            JudgeModel = request.Judge?.Model ?? "",
        };
        return Load(request.Questions, options);
    }

    /// <inheritdoc />
    public override ISuite Rebuild(string itemSet, string settingsJson) => Load(itemSet == BuiltInName ? null : itemSet, SafetySuiteOptions.FromJson(settingsJson));

    private static SafetySuite Load(string? folder, SafetySuiteOptions options)
    {
        if (folder is null) return new SafetySuite(SpiralBenchData.Load(BuiltInFolder.Path("safety")), BuiltInName, options);
        if (!Directory.Exists(folder)) throw new InputException($"{folder}: not a folder (give a Spiral-Bench checkout or a folder with prompts/, user_instructions/ and data/)");
        return new SafetySuite(SpiralBenchData.Load(folder), folder, options);
    }

    /// <inheritdoc />
    public override string Describe(ISuite suite)
        => suite is SafetySuite s ? $"{s.ItemSet} ({s.TrialIds.Count} conversations × {s.Options.Turns} turns)" : base.Describe(suite);
}
