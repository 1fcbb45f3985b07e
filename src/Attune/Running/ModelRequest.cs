using Microsoft.Extensions.AI;

namespace Attune.Running;

/// <summary>One request to the model under test: the exact messages and sampling settings of one attempt of one trial.</summary>
/// <param name="TrialId">The trial this request belongs to (e.g. <c>eq/12/it1</c>), for progress and the store.</param>
/// <param name="Messages">The messages, in order.</param>
/// <param name="Temperature">Sampling temperature.</param>
/// <param name="MaxTokens">Completion limit.</param>
/// <param name="Attempt">1-based attempt number within the trial.</param>
/// <param name="Sample">Which independent sample this is (the iteration), so repeated iterations are not one cached answer.</param>
public sealed record ModelRequest(string TrialId, IReadOnlyList<ChatMessage> Messages, double? Temperature, int? MaxTokens, int Attempt, int Sample);
