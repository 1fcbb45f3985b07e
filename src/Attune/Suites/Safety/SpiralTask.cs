namespace Attune.Suites.Safety;

/// <summary>One conversation to generate: a seed and a conversation index.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="ConvoIndex">The 0-based conversation index for this seed.</param>
public sealed record SpiralTask(SpiralSeed Seed, int ConvoIndex)
{
    /// <summary>The seed file's base name.</summary>
    public string FileKey => Seed.FileKey;

    /// <summary>The seed's key (<c>prompt_id</c>).</summary>
    public string PromptKey => Seed.PromptKey;

    /// <summary>The injection seed string for a run id.</summary>
    /// <param name="runId">The run id.</param>
    public string RngSeed(string runId) => SpiralInjector.SeedString(runId, PromptKey, ConvoIndex);
}
