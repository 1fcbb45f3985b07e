using System.Diagnostics;
using Microsoft.Extensions.AI;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Attune.Chat;

/// <summary>
/// A delegating chat client that retries transport failures with Polly: 429 (honouring Retry-After, and pausing every
/// request that goes through this client, not only the one that was refused), 5xx, timeouts, broken bodies and refused
/// connections are retried with jittered exponential backoff and reported through <see cref="RetryOptions.OnFailure"/>,
/// never returned as answers. A failure retries cannot overcome becomes a <see cref="ProviderException"/> that names
/// the endpoint (never a key). Attune's <see cref="TrialTag"/> is removed before the request reaches the provider.
/// The latency of the successful call is put on the response (<see cref="ResponseProperties.Latency"/>).
/// Streaming requests pass through without retries (a stream cannot be replayed once it has started).
/// </summary>
public sealed class RetryingChatClient : DelegatingChatClient
{
    private static readonly ResiliencePropertyKey<TrialTag?> TagKey = new("attune.tag");
    private readonly RetryOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private long _resumeAtTicks;
    private int _succeeded;

    /// <summary>Creates the client.</summary>
    /// <param name="innerClient">The provider's client.</param>
    /// <param name="options">Retry limits, the endpoint to name and the failure callback.</param>
    public RetryingChatClient(IChatClient innerClient, RetryOptions? options = null)
        : base(innerClient)
    {
        _options = options ?? new RetryOptions();
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                // Polly needs at least one retry configured; with MaxRetries 0 ShouldRetry refuses every retry.
                MaxRetryAttempts = Math.Max(1, _options.MaxRetries),
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
                        return ValueTask.FromResult<TimeSpan?>(after > _options.MaxRetryAfter ? _options.MaxRetryAfter : after);
                    }
                    return ValueTask.FromResult<TimeSpan?>(null);
                },
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } ex)
                    {
                        var error = TransportError.Classify(ex);
                        if (error.Kind == "rate-limited") PauseAll(args.RetryDelay);
                        args.Context.Properties.TryGetValue(TagKey, out var tag);
                        _options.OnFailure?.Invoke(new TransportFailure(tag, args.AttemptNumber + 1, error.Kind, error.Message, error.RetryAfter));
                    }
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(_options.RequestTimeout)
            .Build();
    }

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
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var tag = TrialTag.Of(options);
        var sent = TrialTag.Strip(options);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(TagKey, tag);
        try
        {
            var response = await _pipeline.ExecuteAsync(async ctx =>
            {
                await WaitForGateAsync(ctx.CancellationToken).ConfigureAwait(false);
                var sw = Stopwatch.StartNew();
                var r = await base.GetResponseAsync(list, sent, ctx.CancellationToken).ConfigureAwait(false);
                ResponseProperties.SetLatency(r, sw.Elapsed);
                return r;
            }, context).ConfigureAwait(false);
            Interlocked.Exchange(ref _succeeded, 1);
            return response;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not AttuneException)
        {
            var error = TransportError.Classify(ex);
            _options.OnFailure?.Invoke(new TransportFailure(tag, 0, error.Kind, error.Message, error.RetryAfter));
            var advice = error.Kind == "unreachable" ? " (is the server running and the URL right?)" : "";
            throw new ProviderException($"{_options.Endpoint}: {error.Message}{advice}", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => base.GetStreamingResponseAsync(messages, TrialTag.Strip(options), cancellationToken);
}
