using Microsoft.Extensions.AI;

namespace Attune.Guard;

/// <summary>Adds <see cref="ManipulationGuardChatClient"/> to a chat client pipeline.</summary>
public static class ManipulationGuardChatClientBuilderExtensions
{
    /// <summary>Checks every reply with <paramref name="assessor"/> and annotates, blocks or regenerates flagged ones.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="assessor">The assessor (e.g. <see cref="LocalReplyAssessor.Load(LocalReplyAssessorOptions?)"/>).</param>
    /// <param name="configure">Sets the options (policy, regenerations, block message, failure mode, …); null keeps the defaults.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseManipulationGuard(this ChatClientBuilder builder, IReplyAssessor assessor, Action<ManipulationGuardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assessor);
        var options = new ManipulationGuardOptions();
        configure?.Invoke(options);
        options.Validate();
        return builder.Use(inner => new ManipulationGuardChatClient(inner, assessor, options));
    }
}
