using Microsoft.Extensions.AI;

namespace Attune.Suites.Eq3;

/// <summary>One model call to make: the exact messages and the settings.</summary>
/// <param name="Kind">What the call is for.</param>
/// <param name="Turn">0-based scenario turn for <see cref="Eq3CallKind.ScenarioTurn"/>, otherwise -1.</param>
/// <param name="Messages">The messages to send, in order (byte-exact contents).</param>
/// <param name="Sampling">The sampling settings.</param>
public sealed record Eq3Request(Eq3CallKind Kind, int Turn, IReadOnlyList<ChatMessage> Messages, Eq3Sampling Sampling);
