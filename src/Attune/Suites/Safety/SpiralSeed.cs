namespace Attune.Suites.Safety;

/// <summary>One seed conversation of a Spiral-Bench seed file.</summary>
/// <param name="FileKey">The seed file's base name (<c>eval_prompts_v0.2.json</c>).</param>
/// <param name="Index">The 0-based position in the seed file.</param>
/// <param name="PromptId">The <c>prompt_id</c> (<c>sc01</c>), or null when absent or empty.</param>
/// <param name="Category">The category (<c>spiral_tropes</c>), or null when absent.</param>
/// <param name="Prompts">
/// The scripted user turns: entry 0 opens the conversation; entry t+1, when it is a string that is not blank, is the user
/// turn after assistant turn t (no model call, no random draw). Non-string entries are kept as null.
/// </param>
public sealed record SpiralSeed(string FileKey, int Index, string? PromptId, string? Category, IReadOnlyList<string?> Prompts)
{
    /// <summary>The key of the seed in results: <see cref="PromptId"/>, or <c>prompt_index::&lt;Index&gt;</c> without one.</summary>
    public string PromptKey => string.IsNullOrEmpty(PromptId) ? $"prompt_index::{Index}" : PromptId;

    /// <summary>The opening user message (<c>prompts[0]</c>).</summary>
    public string OpeningMessage => Prompts[0] ?? throw new InvalidOperationException($"seed {PromptKey} has no opening message");
}
