namespace Attune.Suites.Eq;

/// <summary>The reference's <c>calculate_eq_bench_score</c>: per-iteration figures, the 0.95 rule, and the rounded means.</summary>
public static class EqAggregation
{
    /// <summary>Aggregates item results (in question order within each iteration) into the run's score.</summary>
    /// <param name="items">Item results; only stored ones count.</param>
    /// <param name="iterations">Number of iterations the run asked for; an iteration with nothing stored counts as 0.</param>
    /// <param name="questions">Number of questions in the set (for the parse threshold).</param>
    /// <param name="version">v1 aggregates v1 scores, v2 aggregates fullscale scores.</param>
    /// <param name="parser">The parser the items came from (carried into the result).</param>
    public static EqSuiteScore Aggregate(IReadOnlyList<EqItemResult> items, int iterations, int questions, EqVersion version, EqParserKind parser)
    {
        var perIteration = new List<EqIterationScore>();
        double scoreTally = 0;
        double parseableTally = 0;
        var byIteration = items.Where(i => i.Stored).ToLookup(i => i.Iteration);
        for (int it = 1; it <= iterations; it++)
        {
            double sumFirst = 0, sumRevised = 0;
            int firstParseable = 0, revisedParseable = 0;
            foreach (var item in byIteration[it])
            {
                double? first = version == EqVersion.V1 ? item.FirstPassScoreV1 : item.FirstPassScore;
                double? revised = version == EqVersion.V1 ? item.RevisedScoreV1 : item.RevisedScore;
                if (first is { } f) { sumFirst += f; firstParseable++; }
                if (revised is { } r) { sumRevised += r; revisedParseable++; }
            }
            double scoreFirst = firstParseable > 0 ? 100 * (sumFirst / firstParseable / 10) : 0;
            double scoreRevised = revisedParseable > 0 ? 100 * (sumRevised / revisedParseable / 10) : 0;
            double final;
            int finalParseable;
            if (ChoosesRevised(scoreFirst, firstParseable, scoreRevised, revisedParseable))
            {
                final = scoreRevised;
                finalParseable = revisedParseable;
            }
            else
            {
                final = scoreFirst;
                finalParseable = firstParseable;
            }
            scoreTally += final;
            parseableTally += finalParseable;
            perIteration.Add(new EqIterationScore(it, scoreFirst, firstParseable, scoreRevised, revisedParseable, final, finalParseable));
        }
        double score = iterations > 0 ? PythonCompat.Round(scoreTally / iterations, 2) : 0;
        double parseable = iterations > 0 ? PythonCompat.Round(parseableTally / iterations, 2) : 0;
        bool failed = questions == 0 || parseable / questions < EqSuiteScore.ParseThreshold;
        return new EqSuiteScore(parser, version, score, parseable, questions, failed, perIteration, items);
    }

    /// <summary>
    /// The reference's rule for an iteration's final figure: the revised pass counts when it scored at least as well as
    /// the first pass and parsed for at least 95% as many questions.
    /// </summary>
    public static bool ChoosesRevised(double firstScore, int firstParseable, double revisedScore, int revisedParseable)
        => revisedScore >= firstScore && revisedParseable >= 0.95 * firstParseable;
}
