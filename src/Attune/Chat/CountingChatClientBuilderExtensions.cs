using Microsoft.Extensions.AI;

namespace Attune.Chat;

/// <summary>Adds <see cref="CountingChatClient"/> to a chat client pipeline.</summary>
public static class CountingChatClientBuilderExtensions
{
    /// <summary>Counts the answers passing through (and which came from the store) in <paramref name="counter"/>.</summary>
    public static ChatClientBuilder UseCounting(this ChatClientBuilder builder, ChatCounter counter)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new CountingChatClient(inner, counter));
    }
}
