namespace Attune.Storage;

/// <summary>Where an imported run landed: its new id, and its responses' new ids by their old ones.</summary>
/// <param name="RunId">The run's id in the destination.</param>
/// <param name="ResponseIds">Old response id → new response id.</param>
public sealed record RunImport(long RunId, IReadOnlyDictionary<long, long> ResponseIds);
