using System.Diagnostics;
using Microsoft.Extensions.AI;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Attune.Running;

/// <summary>
/// Sends requests to an <see cref="IChatClient"/> with Polly retries: 429 (honouring Retry-After, and pausing every
/// request of the run, not only the one that was refused), 5xx, timeouts, broken bodies and refused connections are
/// retried with jittered exponential backoff and reported as <see cref="TransportFailure"/>s, never as answers.
/// A failure retries cannot overcome becomes a <see cref="ProviderException"/> that names the endpoint.
/// </summary>
public sealed class ChatClientGateway : IModelGateway
{
    private readonly IChatClient _client;
    private readonly string _endpoint;
    private readonly RetryOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private long _resumeAtTicks;
    private int _succeeded;

    /// <summary>Creates the gateway.</summary>
    /// <param name="client">The model's chat client.</param>
    /// <param name="endpoint">The endpoint, for error messages (never a key).</param>
    /// <param name="options">Retry limits.</param>
    public ChatClientGateway(IChatClient client, string endpoint, RetryOptions? options = null)
    {
        _client = client;
        _endpoint = endpoint;
        _options = options ?? new RetryOptions();
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, _options.MaxRetries),
                // (Polly needs at least one attempt configured; with MaxRetries 0 ShouldRetry refuses every retry)
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.AttemptNumber, args.Context.CancellationToken)),
                DelayGenerator = args =>
                {
                    var error = args.Outcome.Exception is { } ex ? TransportError.Classify(ex) : null;
                    if (error?.RetryAfter is { } after)
                    {
                        var capped = after > _options.MaxRetryAfter ? _options.MaxRetryAfter : after;
                        return ValueTask.FromResult<TimeSpan?>(capped);
                    }
                    return ValueTask.FromResult<TimeSpan?>(null);
                },
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } ex && args.Context.Properties.TryGetValue(RequestKey, out var request))
                    {
                        var error = TransportError.Classify(ex);
                        if (error.Kind == "rate-limited") PauseAll(args.RetryDelay);
                        TransportFailed?.Invoke(new TransportFailure(request, args.AttemptNumber + 1, error.Kind, error.Message, error.RetryAfter));
                    }
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(_options.RequestTimeout)
            .Build();
    }

    private static readonly ResiliencePropertyKey<ModelRequest> RequestKey = new("attune.request");

    /// <summary>Raised for every failed try that is retried or ends the request (for the store and the progress display).</summary>
    public event Action<TransportFailure>? TransportFailed;

    private bool ShouldRetry(Exception? ex, int attemptNumber, CancellationToken ct)
    {
        if (ex is null || ct.IsCancellationRequested || attemptNumber >= _options.MaxRetries) return false;
        if (ex is OperationCanceledException && ex is not TaskCanceledException && ex is not TimeoutRejectedException) return false;
        var error = TransportError.Classify(ex);
        if (!error.Retryable) return false;
        if (error.Kind == "unreachable" && Volatile.Read(ref _succeeded) == 0) return attemptNumber < _options.UnreachableRetries;
        return true;
    }

    private void PauseAll(TimeSpan delay)
    {
        long target = DateTime.UtcNow.Add(delay).Ticks;
        long current;
        do
        {
            current = Interlocked.Read(ref _resumeAtTicks);
            if (current >= target) return;
        }
        while (Interlocked.CompareExchange(ref _resumeAtTicks, target, current) != current);
    }

    private async Task WaitForGateAsync(CancellationToken ct)
    {
        while (true)
        {
            var wait = new DateTime(Interlocked.Read(ref _resumeAtTicks), DateTimeKind.Utc) - DateTime.UtcNow;
            if (wait <= TimeSpan.Zero) return;
            await Task.Delay(wait, ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<ModelResponse> AskAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var options = new ChatOptions { Temperature = request.Temperature is { } t ? (float)t : null, MaxOutputTokens = request.MaxTokens };
            var result = await _pipeline.ExecuteAsync(async ctx =>
            {
                await WaitForGateAsync(ctx.CancellationToken).ConfigureAwait(false);
                var sw = Stopwatch.StartNew();
                var response = await _client.GetResponseAsync(request.Messages, options, ctx.CancellationToken).ConfigureAwait(false);
                sw.Stop();
                return new ModelResponse(response.Text ?? "", response.FinishReason?.Value, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount, sw.Elapsed);
            }, context).ConfigureAwait(false);
            Interlocked.Exchange(ref _succeeded, 1);
            return result;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not AttuneException)
        {
            var error = TransportError.Classify(ex);
            TransportFailed?.Invoke(new TransportFailure(request, 0, error.Kind, error.Message, error.RetryAfter));
            var advice = error.Kind == "unreachable" ? " (is the server running and the URL right?)" : "";
            throw new ProviderException($"{_endpoint}: {error.Message}{advice}", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
