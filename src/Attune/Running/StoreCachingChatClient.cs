using Attune.Chat;
using Attune.Storage;
using Microsoft.Extensions.AI;

namespace Attune.Running;

/// <summary>
/// Puts the run store in front of a role's model: a request whose key is stored is answered from the store (the model
/// is never asked twice), and every new answer is committed the moment it arrives, before anything else happens to it,
/// as a turn of the request's trial. Requests must carry a <see cref="TrialTag"/>. With a worker identity, a request is
/// claimed before it is asked: another process asking the same request at once waits and is served the answer from
/// the store (a claim of a dead process is taken over).
/// </summary>
public sealed class StoreCachingChatClient : DelegatingChatClient
{
    private readonly StoreCacheOptions _options;

    /// <summary>Creates the client.</summary>
    public StoreCachingChatClient(IChatClient innerClient, StoreCacheOptions options)
        : base(innerClient)
        => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var tag = TrialTag.Of(options) ?? throw new InvalidOperationException("a request through the run store needs a TrialTag (ITrialContext.Tag)");
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var messagesJson = RequestKey.MessagesJson(list);
        var messagesHash = RequestKey.Hash(messagesJson);
        var key = RequestKey.For(_options.Model, _options.Endpoint, messagesHash, options, tag);
        var store = _options.Store;
        long? onlyRun = _options.Fresh ? _options.RunId : null;
        var cached = await store.FindResponseAsync(key, onlyRun, cancellationToken).ConfigureAwait(false);
        var worker = _options.Worker;
        var scope = ClaimScopes.Request(key);
        while (cached is null && worker is not null)
        {
            var claim = await store.TryClaimAsync(scope, _options.RunId, worker, _options.ClaimLease, cancellationToken).ConfigureAwait(false);
            // look again once claimed: the previous holder may have stored the answer just before letting go
            cached = await store.FindResponseAsync(key, onlyRun, cancellationToken).ConfigureAwait(false);
            if (claim.Acquired || cached is not null)
            {
                if (cached is not null && claim.Acquired) await store.ReleaseClaimAsync(scope, worker, CancellationToken.None).ConfigureAwait(false);
                break;
            }
            await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            cached = await store.FindResponseAsync(key, onlyRun, cancellationToken).ConfigureAwait(false);
        }
        if (cached is not null)
        {
            await store.LinkCachedAsync(_options.RunId, tag.TrialId, _options.Role, tag.Attempt, tag.Sample, tag.Step, cached, cancellationToken).ConfigureAwait(false);
            var hit = new ChatResponse(new ChatMessage(ChatRole.Assistant, cached.Text))
            {
                FinishReason = cached.FinishReason is { } fr ? new ChatFinishReason(fr) : null,
                Usage = new UsageDetails { InputTokenCount = cached.InputTokens, OutputTokenCount = cached.OutputTokens },
            };
            ResponseProperties.SetFromCache(hit);
            ResponseProperties.SetLatency(hit, TimeSpan.FromMilliseconds(cached.LatencyMs));
            return hit;
        }
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }
        catch when (worker is not null)
        {
            // let a waiting process ask instead
            await store.ReleaseClaimAsync(scope, worker, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        // Committed before anyone sees it; a cancellation from here on must not lose an answer that was paid for.
        await store.SaveResponseAsync(new NewResponse(
            _options.RunId, tag.TrialId, _options.Role, tag.Attempt, tag.Sample, key, _options.Model, _options.Endpoint, messagesHash, messagesJson,
            options?.Temperature, options?.MaxOutputTokens, response.Text ?? "", response.FinishReason?.Value,
            response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount, ResponseProperties.Latency(response).TotalMilliseconds, tag.Step), CancellationToken.None).ConfigureAwait(false);
        return response;
    }
}
