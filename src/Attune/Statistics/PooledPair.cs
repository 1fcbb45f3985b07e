namespace Attune.Statistics;

/// <summary>Both directions of one logical comparison pooled into a single fraction for the first model.</summary>
/// <param name="First">The model that sorts first by code point.</param>
/// <param name="Second">The other model.</param>
/// <param name="Item">The item (scenario) id.</param>
/// <param name="Iteration">The iteration key.</param>
/// <param name="Fraction">The fraction of a win credited to <paramref name="First"/>.</param>
/// <param name="Records">How many direction records were pooled (normally 2; 1 if one direction failed).</param>
public sealed record PooledPair(string First, string Second, string Item, string Iteration, double Fraction, int Records);
