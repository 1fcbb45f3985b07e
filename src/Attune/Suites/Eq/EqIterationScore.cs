namespace Attune.Suites.Eq;

/// <summary>One iteration's figures, as the reference's <c>benchmark_results_fullscale</c> holds them.</summary>
/// <param name="Iteration">1-based iteration.</param>
/// <param name="FirstPassScore">100 × mean first-pass score / 10 over stored questions that have one (0 when none).</param>
/// <param name="FirstPassParseable">How many stored questions have a first-pass score.</param>
/// <param name="RevisedScore">The same for revised scores.</param>
/// <param name="RevisedParseable">How many stored questions have a revised score.</param>
/// <param name="FinalScore">Revised when it is at least the first pass and parseable in at least 95% as many questions; else first pass.</param>
/// <param name="FinalParseable">The parseable count that goes with the final score.</param>
public sealed record EqIterationScore(
    int Iteration,
    double FirstPassScore,
    int FirstPassParseable,
    double RevisedScore,
    int RevisedParseable,
    double FinalScore,
    int FinalParseable)
{
    /// <summary>True when the revised pass gives this iteration's final figure (the 0.95 rule of <see cref="EqAggregation.ChoosesRevised"/>).</summary>
    public bool RevisedChosen => EqAggregation.ChoosesRevised(FirstPassScore, FirstPassParseable, RevisedScore, RevisedParseable);
}
