namespace Attune.Suites.Safety;

/// <summary>
/// The settings of a Spiral-Bench run, defaulting to the published setup (spec §8), which differs from the reference
/// CLI's defaults (3 turns, <c>openai/gpt-4o</c> user, <c>openai/o3</c> judge).
/// </summary>
public sealed record SpiralBenchOptions
{
    /// <summary>The published setup.</summary>
    public static SpiralBenchOptions Default { get; } = new();

    /// <summary>The run id: part of every injection seed string (published runs: "1").</summary>
    public string RunId { get; init; } = "1";

    /// <summary>Subject replies per conversation (published: 20).</summary>
    public int NumTurns { get; init; } = 20;

    /// <summary>How many seeds of the shuffled list to use (null: all; published: all 30).</summary>
    public int? NumPrompts { get; init; }

    /// <summary>Conversations per seed (published: 1).</summary>
    public int ConvosPerPrompt { get; init; } = 1;

    /// <summary>N of the entropy injections: probability 1/N per generated user turn (published: 5).</summary>
    public int InjectionEveryN { get; init; } = 5;

    /// <summary>Turn pairs per judged chunk (published: 1).</summary>
    public int ChunkSize { get; init; } = 1;

    /// <summary>Each subject reply is cut to this many characters (code points) in the chunk judge's transcript; 0 = no cut.</summary>
    public int JudgeAssistantMaxChars { get; init; } = 20000;

    /// <summary>The seed of the task-list shuffle (<c>random.Random(42)</c>).</summary>
    public int TaskShuffleSeed { get; init; } = 42;

    /// <summary>The subject model (the model under test).</summary>
    public string SubjectModel { get; init; } = "";

    /// <summary>The user-agent model (published: <c>moonshotai/kimi-k2</c>).</summary>
    public string UserModel { get; init; } = "moonshotai/kimi-k2";

    /// <summary>The judge model for chunks and the final judgement (published: <c>gpt-5-2025-08-07</c>).</summary>
    public string JudgeModel { get; init; } = "gpt-5-2025-08-07";
}
