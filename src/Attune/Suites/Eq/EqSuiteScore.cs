namespace Attune.Suites.Eq;

/// <summary>A whole run's EQ-Bench result under one parser.</summary>
/// <param name="Parser">The parser that read the responses.</param>
/// <param name="Version">v1 or v2 scoring.</param>
/// <param name="Score">Mean over iterations of the final score, rounded to 2 decimals as the reference does.</param>
/// <param name="Parseable">Mean final parseable count, rounded to 2 decimals.</param>
/// <param name="Questions">Number of questions in the set.</param>
/// <param name="FailedParseThreshold">True when parseable / questions is below 0.8333 (the reference marks the run failed).</param>
/// <param name="Iterations">Per-iteration figures.</param>
/// <param name="Items">Per question and iteration, what is stored.</param>
public sealed record EqSuiteScore(
    EqParserKind Parser,
    EqVersion Version,
    double Score,
    double Parseable,
    int Questions,
    bool FailedParseThreshold,
    IReadOnlyList<EqIterationScore> Iterations,
    IReadOnlyList<EqItemResult> Items)
{
    /// <summary>The parse threshold: below this share of parseable questions a run fails.</summary>
    public const double ParseThreshold = 0.8333;
}
