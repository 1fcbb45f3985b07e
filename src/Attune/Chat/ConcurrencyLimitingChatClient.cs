using Microsoft.Extensions.AI;

namespace Attune.Chat;

/// <summary>A delegating chat client that lets at most N requests through at once (a role's share of concurrency).</summary>
public sealed class ConcurrencyLimitingChatClient : DelegatingChatClient
{
    private readonly SemaphoreSlim _gate;

    /// <summary>Creates the client.</summary>
    /// <param name="innerClient">The client requests go to.</param>
    /// <param name="maxInFlight">Requests in flight at most (at least 1).</param>
    public ConcurrencyLimitingChatClient(IChatClient innerClient, int maxInFlight)
        : base(innerClient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _gate = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _gate.Dispose();
        base.Dispose(disposing);
    }
}
