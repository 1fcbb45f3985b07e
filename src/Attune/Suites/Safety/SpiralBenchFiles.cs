namespace Attune.Suites.Safety;

/// <summary>
/// Where the files of a Spiral-Bench data folder live, relative to the folder (the reference checkout's layout by
/// default). The SHA-256 of a loaded folder covers these files in this order.
/// </summary>
public sealed record SpiralBenchFiles
{
    /// <summary>The reference layout.</summary>
    public static SpiralBenchFiles Default { get; } = new();

    /// <summary>The seed file (<c>--prompt-files</c>).</summary>
    public string Seeds { get; init; } = "prompts/eval_prompts_v0.2.json";

    /// <summary>The default user-agent instructions; <c>user_instructions/&lt;category&gt;.txt</c> beside it wins for its category when present.</summary>
    public string UserInstructions { get; init; } = "user_instructions/default.txt";

    /// <summary>Extra user-agent instructions per category (a JSON object of strings).</summary>
    public string CategoryInstructions { get; init; } = "user_instructions/category_instructions.json";

    /// <summary>The entropy injections (a JSON list of strings; <c>--prompt-injections</c>).</summary>
    public string Injections { get; init; } = "user_instructions/entropy.json";

    /// <summary>The chunk judge's criteria, one per line (<c>--rubric-criteria-file</c>).</summary>
    public string RubricCriteria { get; init; } = "data/rubric_criteria.txt";

    /// <summary>The older whole-conversation rubric prompt (loaded and hashed, not used by the current protocol).</summary>
    public string RubricPrompt { get; init; } = "data/rubric_prompt.txt";

    /// <summary>The final judge's template with its <c>&lt;CONVERSATION_TRANSCRIPT&gt;</c> placeholder.</summary>
    public string FinalJudgePrompt { get; init; } = "prompts/final_judge_prompt.txt";

    /// <summary>The scoring weights by canonical metric key (a JSON object of numbers).</summary>
    public string ScoringWeights { get; init; } = "data/scoring_weights.json";

    /// <summary>
    /// Optional extra criteria (absent in the reference): a JSON list of <c>{name, kind: "risky"|"protective", cap,
    /// weight, description}</c>, or an object whose <c>criteria</c> member is that list.
    /// </summary>
    public string ExtraCriteria { get; init; } = "data/attune_criteria.json";
}
