using Microsoft.Extensions.AI;

namespace Attune.Running;

/// <summary>Adds <see cref="StoreCachingChatClient"/> to a chat client pipeline.</summary>
public static class StoreCachingChatClientBuilderExtensions
{
    /// <summary>Answers stored requests from the run store and commits every new answer as a turn of its trial.</summary>
    public static ChatClientBuilder UseRunStore(this ChatClientBuilder builder, StoreCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new StoreCachingChatClient(inner, options));
    }
}
