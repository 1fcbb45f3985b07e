using Microsoft.Extensions.AI;

namespace Attune.Chat;

/// <summary>Adds <see cref="ConcurrencyLimitingChatClient"/> to a chat client pipeline.</summary>
public static class ConcurrencyLimitingChatClientBuilderExtensions
{
    /// <summary>Lets at most <paramref name="maxInFlight"/> requests through at once.</summary>
    public static ChatClientBuilder UseConcurrencyLimit(this ChatClientBuilder builder, int maxInFlight)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new ConcurrencyLimitingChatClient(inner, maxInFlight));
    }
}
