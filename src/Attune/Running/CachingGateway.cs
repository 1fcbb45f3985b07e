using Attune.Storage;

namespace Attune.Running;

/// <summary>
/// Puts the run store in front of a gateway: a request whose key is stored is answered from the store (the model is
/// never asked twice); every new answer is committed to the store the moment it arrives, before anything else happens
/// to it. With <c>fresh</c>, stored answers from earlier runs are ignored (answers this run already got are still reused,
/// so a resumed fresh run asks nothing twice).
/// </summary>
public sealed class CachingGateway : IModelGateway
{
    private readonly IModelGateway _inner;
    private readonly RunStore _store;
    private readonly long _runId;
    private readonly string _providerModel;
    private readonly string _endpoint;
    private readonly bool _fresh;

    /// <summary>Creates the gateway for one run.</summary>
    public CachingGateway(IModelGateway inner, RunStore store, long runId, string providerModel, string endpoint, bool fresh)
    {
        _inner = inner;
        _store = store;
        _runId = runId;
        _providerModel = providerModel;
        _endpoint = endpoint;
        _fresh = fresh;
    }

    /// <inheritdoc />
    public async Task<ModelResponse> AskAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var messagesJson = RequestKey.MessagesJson(request);
        var messagesHash = RequestKey.Hash(messagesJson);
        var key = RequestKey.For(_providerModel, _endpoint, request, messagesHash);
        var cached = _store.FindResponse(key, _fresh ? _runId : null);
        if (cached is not null)
        {
            _store.LinkCached(_runId, request.TrialId, request.Attempt, cached.Id);
            return new ModelResponse(cached.Text, cached.FinishReason, cached.InputTokens, cached.OutputTokens, TimeSpan.FromMilliseconds(cached.LatencyMs), FromCache: true);
        }
        var response = await _inner.AskAsync(request, cancellationToken).ConfigureAwait(false);
        _store.SaveResponse(_runId, key, request, _providerModel, _endpoint, messagesHash, messagesJson, response);
        return response;
    }
}
