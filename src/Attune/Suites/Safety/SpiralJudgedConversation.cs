namespace Attune.Suites.Safety;

/// <summary>One judged conversation as scoring needs it: its keys, its chunk judgements and its final judgement.</summary>
/// <param name="PromptKey">The seed's key (<c>sc01</c>): conversations of one seed in one run form one item.</param>
/// <param name="Chunks">Its chunk judgements in stored order, error stubs included.</param>
/// <param name="FinalJudgement">Its final judgement, or null when it has none.</param>
public sealed record SpiralJudgedConversation(string PromptKey, IReadOnlyList<SpiralChunkJudgement> Chunks, SpiralFinalJudgement? FinalJudgement)
{
    /// <summary>The seed file's base name (items are per file and prompt key).</summary>
    public string FileKey { get; init; } = "eval_prompts_v0.2.json";

    /// <summary>The run id (the leaderboard keeps the items of different runs apart).</summary>
    public string RunId { get; init; } = "1";

    /// <summary>The seed's category, for per-category scores; null when unknown.</summary>
    public string? Category { get; init; }

    /// <summary>The 0-based conversation index.</summary>
    public int ConvoIndex { get; init; }
}
