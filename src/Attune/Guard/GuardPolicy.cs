namespace Attune.Guard;

/// <summary>What <see cref="ManipulationGuardChatClient"/> does with a flagged reply.</summary>
public enum GuardPolicy
{
    /// <summary>Pass the reply on unchanged with the assessment attached (<see cref="GuardVerdict.Of(Microsoft.Extensions.AI.ChatResponse)"/>). The default.</summary>
    Annotate,

    /// <summary>Replace the reply with <see cref="ManipulationGuardOptions.BlockMessage"/>.</summary>
    Block,

    /// <summary>
    /// Ask the model again with a corrective system note naming what was wrong, up to
    /// <see cref="ManipulationGuardOptions.MaxRegenerations"/> times; if every new reply is flagged too,
    /// <see cref="ManipulationGuardOptions.AfterRegenerations"/> (block or annotate) decides.
    /// </summary>
    Regenerate,
}
