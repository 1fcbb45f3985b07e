namespace Attune.Suites.Eq;

/// <summary>
/// The outcome for one question in one iteration after the acceptance rule: what the reference would store.
/// </summary>
/// <param name="Id">Question id.</param>
/// <param name="Iteration">1-based iteration.</param>
/// <param name="Stored">True when the reference stores a result for this question.</param>
/// <param name="Attempt">The attempt whose result is stored (or the last attempt made when nothing is stored); 0 when no response exists.</param>
/// <param name="Attempts">How many attempts were evaluated.</param>
/// <param name="Parsed">Parsed maps of that attempt, or null when no response exists.</param>
/// <param name="FirstPassScore">Stored v2 first-pass score.</param>
/// <param name="RevisedScore">Stored v2 revised score.</param>
/// <param name="FirstPassScoreV1">Stored v1 first-pass score.</param>
/// <param name="RevisedScoreV1">Stored v1 revised score.</param>
/// <param name="Response">Raw response text of that attempt.</param>
/// <param name="Error">Why the attempt failed to convert, when it did.</param>
public sealed record EqItemResult(
    string Id,
    int Iteration,
    bool Stored,
    int Attempt,
    int Attempts,
    EqParsedAnswer? Parsed,
    double? FirstPassScore,
    double? RevisedScore,
    double? FirstPassScoreV1,
    double? RevisedScoreV1,
    string? Response,
    string? Error);
