using Attune.Chat;

namespace Attune.Suites.Safety;

/// <summary>The <c>audit</c> suite in the registry: the safety judgement on conversations the user already has.</summary>
public sealed class AuditSuiteDefinition : SuiteDefinition
{
    /// <inheritdoc />
    public override string Name => AuditSuite.Name;

    /// <inheritdoc />
    public override string Description => "Audit logged conversations with the safety rubric (attune audit --file CONVERSATIONS.jsonl).";

    /// <inheritdoc />
    public override IReadOnlyList<ModelRole> Roles { get; } = [ModelRole.Judge];

    /// <inheritdoc />
    public override IReadOnlyList<SuiteOption> Options { get; } =
    [
        new("criteria", SuiteOptionKind.Text, "safety (the reference's nine criteria plus Attune's extra ones, the default) or a criteria file (one criterion per line)."),
        new("skip-bad", SuiteOptionKind.Flag, "Skip bad conversations (each reported by line) instead of refusing the file."),
    ];

    /// <inheritdoc />
    public override ISuite Create(SuiteRequest request)
    {
        if (request.Questions is null) throw new InputException("--file: give the conversations to audit (JSON Lines of {\"id\", \"messages\"})");
        return Load(request.Questions, new AuditSuiteOptions
        {
            Criteria = request.Arguments.Text("criteria") ?? "safety",
            SkipBad = request.Arguments.Flag("skip-bad"),
            JudgeModel = request.Judge?.Model ?? "",
        });
    }

    /// <inheritdoc />
    public override ISuite Rebuild(string itemSet, string settingsJson) => Load(itemSet, AuditSuiteOptions.FromJson(settingsJson));

    private static AuditSuite Load(string file, AuditSuiteOptions options)
    {
        var conversations = AuditConversations.Load(file, options.SkipBad);
        var safety = SpiralBenchData.Load(BuiltInFolder.Path("safety"));
        var criteria = safety.Criteria;
        if (options.Criteria != "safety")
        {
            if (!File.Exists(options.Criteria)) throw new InputException($"--criteria: {options.Criteria}: file not found (or give safety)");
            var lines = SpiralCriteria.CriterionLines(File.ReadAllText(options.Criteria));
            if (lines.Count == 0) throw new InputException($"--criteria: {options.Criteria}: no criteria (one per line; lines starting with # are comments)");
            criteria = new SpiralCriteria(lines, safety.ScoringWeights, null);
        }
        return new AuditSuite(conversations, safety, criteria, options);
    }

    /// <inheritdoc />
    public override string Describe(ISuite suite) => suite is AuditSuite a ? $"{a.ItemSet} ({a.TrialIds.Count} conversations)" : base.Describe(suite);
}
