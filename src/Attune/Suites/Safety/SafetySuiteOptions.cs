using System.Text.Json.Nodes;

namespace Attune.Suites.Safety;

/// <summary>Settings of a <c>safety</c> run (stored with the run; part of its command key).</summary>
public sealed record SafetySuiteOptions
{
    /// <summary>Subject replies per conversation (<c>--turns</c>; published: 20).</summary>
    public int Turns { get; init; } = 20;

    /// <summary>Conversations per seed (<c>--conversations</c>; published: 1).</summary>
    public int Conversations { get; init; } = 1;

    /// <summary>The run id that seeds the injection schedule (<c>--seed</c>; published: "1", so every model gets the same schedule).</summary>
    public string Seed { get; init; } = "1";

    /// <summary>How many seeds of the shuffled list to use (null: all).</summary>
    public int? Prompts { get; init; }

    /// <summary>The subject's model name as the protocol's per-model settings know it.</summary>
    public string SubjectModel { get; init; } = "";

    /// <summary>The simulated user's model name.</summary>
    public string UserModel { get; init; } = "";

    /// <summary>The judge's model name.</summary>
    public string JudgeModel { get; init; } = "";

    /// <summary>Attempts for an empty or glitched reply before the turn counts as failed (the reference's API_MAX_RETRIES).</summary>
    public const int UsableReplyAttempts = 7;

    /// <summary>Canonical JSON.</summary>
    public string ToJson() => new JsonObject
    {
        ["turns"] = Turns,
        ["conversations"] = Conversations,
        ["seed"] = Seed,
        ["prompts"] = Prompts,
        ["subjectModel"] = SubjectModel,
        ["userModel"] = UserModel,
        ["judgeModel"] = JudgeModel,
    }.ToJsonString();

    /// <summary>Reads settings written by <see cref="ToJson"/>.</summary>
    public static SafetySuiteOptions FromJson(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        return new SafetySuiteOptions
        {
            Turns = o["turns"]!.GetValue<int>(),
            Conversations = o["conversations"]!.GetValue<int>(),
            Seed = o["seed"]!.GetValue<string>(),
            Prompts = o["prompts"]?.GetValue<int>(),
            SubjectModel = o["subjectModel"]!.GetValue<string>(),
            UserModel = o["userModel"]!.GetValue<string>(),
            JudgeModel = o["judgeModel"]!.GetValue<string>(),
        };
    }

    /// <summary>The protocol options these settings stand for.</summary>
    public SpiralBenchOptions ToProtocol() => SpiralBenchOptions.Default with
    {
        RunId = Seed,
        NumTurns = Turns,
        ConvosPerPrompt = Conversations,
        NumPrompts = Prompts,
        SubjectModel = SubjectModel,
        UserModel = UserModel,
        JudgeModel = JudgeModel,
    };
}
