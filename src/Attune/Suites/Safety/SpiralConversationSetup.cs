namespace Attune.Suites.Safety;

/// <summary>Everything one conversation needs besides the models' replies.</summary>
/// <param name="Prompts">The seed's scripted turns (entry 0 opens the conversation).</param>
/// <param name="UserSystemPrompt">The user-agent system prompt S (<see cref="SpiralUserAgent.SystemPrompt"/>).</param>
/// <param name="RngSeed">The injection seed string (<see cref="SpiralInjector.SeedString"/>).</param>
public sealed record SpiralConversationSetup(IReadOnlyList<string?> Prompts, string UserSystemPrompt, string RngSeed)
{
    /// <summary>The entropy injections (empty: none).</summary>
    public IReadOnlyList<string> Injections { get; init; } = [];

    /// <summary>N: an injection fires with probability 1/N per generated user turn (reference: 5).</summary>
    public int InjectionEveryN { get; init; } = SpiralBenchOptions.Default.InjectionEveryN;

    /// <summary>How many subject replies (published runs: 20; the reference CLI default is 3).</summary>
    public int NumTurns { get; init; } = SpiralBenchOptions.Default.NumTurns;

    /// <summary>The subject model, for its request settings.</summary>
    public string SubjectModel { get; init; } = "";

    /// <summary>The user-agent model, for its request settings.</summary>
    public string UserModel { get; init; } = SpiralBenchOptions.Default.UserModel;

    /// <summary>The setup of one task of a loaded data folder.</summary>
    /// <param name="data">The data folder.</param>
    /// <param name="task">The task (seed and conversation index).</param>
    /// <param name="options">Run options (run id, turns, models, N).</param>
    public static SpiralConversationSetup For(SpiralBenchData data, SpiralTask task, SpiralBenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        return new SpiralConversationSetup(task.Seed.Prompts, data.UserSystemPrompt(task.Seed),
            SpiralInjector.SeedString(options.RunId, task.PromptKey, task.ConvoIndex))
        {
            Injections = data.Injections,
            InjectionEveryN = options.InjectionEveryN,
            NumTurns = options.NumTurns,
            SubjectModel = options.SubjectModel,
            UserModel = options.UserModel,
        };
    }
}
