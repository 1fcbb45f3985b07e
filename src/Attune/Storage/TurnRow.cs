using Attune.Chat;

namespace Attune.Storage;

/// <summary>A turn as stored: which response a run's trial used, by response id (a store copy maps the ids).</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Role">The role.</param>
/// <param name="Attempt">Attempt within the trial.</param>
/// <param name="Sample">Sample (iteration).</param>
/// <param name="CacheKey">The request's cache key.</param>
/// <param name="ResponseId">The response row (of this run or another).</param>
/// <param name="FromCache">True when the run reused an answer stored earlier.</param>
/// <param name="Step">The step of the trial.</param>
public sealed record TurnRow(string TrialId, ModelRole Role, int Attempt, int Sample, string CacheKey, long ResponseId, bool FromCache, string Step);
