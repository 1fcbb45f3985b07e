using Attune.Chat;

namespace Attune.Suites;

/// <summary>One answer of a trial's transcript, as scoring reads it.</summary>
/// <param name="Role">The role that answered.</param>
/// <param name="Attempt">The attempt the suite tagged the request with.</param>
/// <param name="Sample">The sample (iteration) the suite tagged the request with.</param>
/// <param name="Text">The raw answer (the source of truth).</param>
/// <param name="FinishReason">Why generation stopped, when the provider said.</param>
/// <param name="Step">The step the suite tagged the request with (empty when it tagged none).</param>
public sealed record Turn(ModelRole Role, int Attempt, int Sample, string Text, string? FinishReason = null, string Step = "");
