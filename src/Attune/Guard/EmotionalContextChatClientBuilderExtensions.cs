using Attune.Emotions;
using Microsoft.Extensions.AI;

namespace Attune.Guard;

/// <summary>Adds <see cref="EmotionalContextChatClient"/> to a chat client pipeline.</summary>
public static class EmotionalContextChatClientBuilderExtensions
{
    /// <summary>Reads the user's apparent emotional state on every turn and makes it available to the inner client and the app.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="estimator">The estimator (e.g. <see cref="BuiltInEstimator.Load()"/>).</param>
    /// <param name="configure">Sets the options (<see cref="EmotionalContextOptions.AddSystemNote"/>, trend length, …); null keeps the defaults.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseEmotionalContext(this ChatClientBuilder builder, IEmotionEstimator estimator, Action<EmotionalContextOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(estimator);
        var options = new EmotionalContextOptions();
        configure?.Invoke(options);
        options.Validate();
        return builder.Use(inner => new EmotionalContextChatClient(inner, estimator, options));
    }
}
