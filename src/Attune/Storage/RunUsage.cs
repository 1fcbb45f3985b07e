namespace Attune.Storage;

/// <summary>Token accounting of a run.</summary>
/// <param name="Requests">Responses the run used.</param>
/// <param name="NewRequests">Responses the run asked the model for (the rest came from the cache).</param>
/// <param name="InputTokens">Prompt tokens over the responses the run asked for.</param>
/// <param name="OutputTokens">Completion tokens over the responses the run asked for.</param>
/// <param name="TransportFailures">Failed tries recorded (retried, never scored).</param>
public sealed record RunUsage(int Requests, int NewRequests, long InputTokens, long OutputTokens, int TransportFailures);
