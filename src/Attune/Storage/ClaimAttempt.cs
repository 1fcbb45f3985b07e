namespace Attune.Storage;

/// <summary>The outcome of trying to claim work: acquired (or renewed), or held by another live worker.</summary>
/// <param name="Acquired">True when the caller now holds the claim.</param>
/// <param name="Holder">The live claim of another worker when not acquired.</param>
public sealed record ClaimAttempt(bool Acquired, Claim? Holder)
{
    /// <summary>Acquired.</summary>
    public static ClaimAttempt Won { get; } = new(true, null);
}
