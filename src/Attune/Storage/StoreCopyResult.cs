namespace Attune.Storage;

/// <summary>What a store copy did.</summary>
/// <param name="Runs">Runs copied.</param>
/// <param name="Skipped">Runs already in the destination.</param>
/// <param name="Responses">Responses copied.</param>
/// <param name="Verdicts">Guard verdicts copied.</param>
public sealed record StoreCopyResult(int Runs, int Skipped, int Responses, int Verdicts);
