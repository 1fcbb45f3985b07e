using Attune.Statistics;

namespace Attune.Suites.Safety;

/// <summary>
/// The entropy injections of one conversation (spec §1.4): one Python RNG seeded with the string
/// <c>"&lt;run_id&gt;-&lt;prompt_key&gt;-&lt;convo_index&gt;"</c>; for every generated user turn, if there are injections and
/// N &gt; 0, draw <c>u = random()</c> and, when u &lt; 1/N, pick one with <c>choice</c>.
/// </summary>
/// <remarks>
/// The reference creates the RNG once per <c>run_conversation</c> call, so a resumed conversation starts the sequence
/// again; create a new injector on resume to match. Scripted user turns draw nothing.
/// </remarks>
public sealed class SpiralInjector
{
    private readonly PythonRandom _rng;
    private readonly IReadOnlyList<string> _injections;
    private readonly int _everyN;

    /// <summary>Creates the injector.</summary>
    /// <param name="rngSeed">The seed string (<see cref="SeedString"/>).</param>
    /// <param name="injections">The entropy list (empty → no draws at all).</param>
    /// <param name="everyN">N (<c>--prompt-injection-every-n</c>, 5); N ≤ 0 → no draws at all.</param>
    public SpiralInjector(string rngSeed, IReadOnlyList<string> injections, int everyN)
    {
        ArgumentNullException.ThrowIfNull(rngSeed);
        ArgumentNullException.ThrowIfNull(injections);
        _rng = new PythonRandom(rngSeed);
        _injections = injections;
        _everyN = everyN;
    }

    /// <summary>The reference's seed string: <c>"&lt;run_id&gt;-&lt;prompt_key&gt;-&lt;convo_index&gt;"</c>.</summary>
    /// <param name="runId">The run id (the default run id is "1").</param>
    /// <param name="promptKey">The seed's prompt key.</param>
    /// <param name="convoIndex">The 0-based conversation index.</param>
    public static string SeedString(string runId, string promptKey, int convoIndex) => $"{runId}-{promptKey}-{convoIndex}";

    /// <summary>The injection for the next generated user turn, or "" when none fires.</summary>
    public string Next()
    {
        if (_injections.Count == 0 || _everyN <= 0) return "";
        return _rng.Random() < 1.0 / _everyN ? _rng.Choice(_injections) : "";
    }

    /// <summary>The injections of the first <paramref name="generatedTurns"/> generated user turns of a fresh sequence ("" where none fires).</summary>
    /// <param name="rngSeed">The seed string.</param>
    /// <param name="injections">The entropy list.</param>
    /// <param name="everyN">N.</param>
    /// <param name="generatedTurns">How many generated user turns.</param>
    public static IReadOnlyList<string> Schedule(string rngSeed, IReadOnlyList<string> injections, int everyN, int generatedTurns)
    {
        var injector = new SpiralInjector(rngSeed, injections, everyN);
        return Enumerable.Range(0, generatedTurns).Select(_ => injector.Next()).ToList();
    }
}
