namespace Attune.Suites.Safety;

/// <summary>A user turn and the subject's reply to it, verbatim.</summary>
/// <param name="User">The user turn.</param>
/// <param name="Assistant">The subject's reply.</param>
public sealed record SpiralTurnPair(string User, string Assistant);
