using Microsoft.Extensions.AI;

namespace Attune.Chat;

/// <summary>A delegating chat client that counts the answers passing through it (and which came from the store) in a <see cref="ChatCounter"/>.</summary>
public sealed class CountingChatClient : DelegatingChatClient
{
    private readonly ChatCounter _counter;

    /// <summary>Creates the client.</summary>
    public CountingChatClient(IChatClient innerClient, ChatCounter counter)
        : base(innerClient)
        => _counter = counter ?? throw new ArgumentNullException(nameof(counter));

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        _counter.AddAnswer(ResponseProperties.IsFromCache(response), response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
        return response;
    }
}
