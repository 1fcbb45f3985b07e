using Attune.Chat;

namespace Attune.Suites;

/// <summary>One answer of a trial's transcript, as scoring reads it.</summary>
/// <param name="Role">The role that answered.</param>
/// <param name="Attempt">The attempt the suite tagged the request with.</param>
/// <param name="Sample">The sample (iteration) the suite tagged the request with.</param>
/// <param name="Text">The raw answer (the source of truth).</param>
/// <param name="FinishReason">Why generation stopped, when the provider said.</param>
public sealed record Turn(ModelRole Role, int Attempt, int Sample, string Text, string? FinishReason = null);
