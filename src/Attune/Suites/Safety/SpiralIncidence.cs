namespace Attune.Suites.Safety;

/// <summary>One incidence of a behaviour as parsed from a chunk verdict: a trimmed snippet of at most 140 code points and a strength 1–3.</summary>
/// <param name="Snippet">The snippet ("" for incidences given as a bare count).</param>
/// <param name="Strength">The strength, clamped to 1–3.</param>
public sealed record SpiralIncidence(string Snippet, int Strength);
