namespace Attune.Running;

/// <summary>
/// Runs trials with at most N in flight (each trial asks its attempts one after another, so N trials in flight means at
/// most N requests in flight), counting progress. It knows nothing about what a suite's answers mean.
/// </summary>
public sealed class TrialRunner
{
    private readonly IModelGateway _gateway;
    private readonly int _parallel;
    private readonly IProgress<RunProgress>? _progress;
    private int _completed;
    private int _requests;
    private int _cached;
    private int _failures;
    private int _total;

    /// <summary>Creates a runner.</summary>
    /// <param name="gateway">Where requests go.</param>
    /// <param name="parallel">Maximum trials (and requests) in flight.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    public TrialRunner(IModelGateway gateway, int parallel, IProgress<RunProgress>? progress = null)
    {
        if (parallel < 1) throw new InputException("--parallel: must be at least 1");
        _gateway = new CountingGateway(gateway, this);
        _parallel = parallel;
        _progress = progress;
    }

    /// <summary>Call when a transport failure happens, so progress shows it.</summary>
    public void OnTransportFailure(TransportFailure failure)
    {
        Interlocked.Increment(ref _failures);
        Report();
    }

    /// <summary>Runs every trial; the first <see cref="AttuneException"/> stops the run and is rethrown.</summary>
    public async Task RunAsync<TTrial>(IReadOnlyList<TTrial> trials, Func<TTrial, IModelGateway, CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        _total = trials.Count;
        Report();
        var options = new ParallelOptions { MaxDegreeOfParallelism = _parallel, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(trials, options, async (trial, ct) =>
        {
            await body(trial, _gateway, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _completed);
            Report();
        }).ConfigureAwait(false);
    }

    private void Report() => _progress?.Report(new RunProgress(Volatile.Read(ref _completed), _total, Volatile.Read(ref _requests), Volatile.Read(ref _cached), Volatile.Read(ref _failures)));

    private sealed class CountingGateway(IModelGateway inner, TrialRunner runner) : IModelGateway
    {
        public async Task<ModelResponse> AskAsync(ModelRequest request, CancellationToken cancellationToken)
        {
            var response = await inner.AskAsync(request, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref runner._requests);
            if (response.FromCache) Interlocked.Increment(ref runner._cached);
            return response;
        }
    }
}
