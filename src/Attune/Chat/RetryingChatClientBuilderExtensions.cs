using Microsoft.Extensions.AI;

namespace Attune.Chat;

/// <summary>Adds <see cref="RetryingChatClient"/> to a chat client pipeline.</summary>
public static class RetryingChatClientBuilderExtensions
{
    /// <summary>Retries transport failures (429 with Retry-After, 5xx, timeouts, broken bodies) with jittered exponential backoff.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="configure">Sets limits, the endpoint named in errors and the failure callback.</param>
    public static ChatClientBuilder UseRetries(this ChatClientBuilder builder, Action<RetryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner =>
        {
            var options = new RetryOptions();
            configure?.Invoke(options);
            return new RetryingChatClient(inner, options);
        });
    }
}
