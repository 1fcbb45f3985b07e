namespace Attune.Running;

/// <summary>Progress of a run, reported after every finished trial and every transport failure.</summary>
/// <param name="Completed">Trials finished.</param>
/// <param name="Total">Trials in the run.</param>
/// <param name="Requests">Model answers received (including from the cache).</param>
/// <param name="CachedRequests">Answers reused from the store instead of asking the model.</param>
/// <param name="TransportFailures">Failed tries that were retried.</param>
public sealed record RunProgress(int Completed, int Total, int Requests, int CachedRequests, int TransportFailures);
