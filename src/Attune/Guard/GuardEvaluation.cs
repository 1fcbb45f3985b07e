namespace Attune.Guard;

/// <summary>
/// Per-criterion precision, recall and F1 of an assessor on labelled replies, their unweighted mean (macro-F1), and
/// the same for "any criterion" against healthy.
/// </summary>
/// <param name="Criteria">One row per criterion, in <see cref="GuardCriteria.All"/> order.</param>
/// <param name="Flagged">The "any criterion" row (criterion <c>any</c>).</param>
/// <param name="Replies">The number of replies.</param>
public sealed record GuardEvaluation(IReadOnlyList<CriterionMetrics> Criteria, CriterionMetrics Flagged, int Replies)
{
    /// <summary>The unweighted mean F1 over <see cref="Criteria"/>.</summary>
    public double MacroF1 => Criteria.Count == 0 ? 0 : Criteria.Average(c => c.F1);

    /// <summary>Compares predicted criteria with the gold ones, reply by reply.</summary>
    /// <param name="gold">Per reply, the criteria it shows.</param>
    /// <param name="predicted">Per reply, the criteria the assessor flagged.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static GuardEvaluation Compute(IReadOnlyList<IReadOnlyCollection<string>> gold, IReadOnlyList<IReadOnlyCollection<string>> predicted)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (gold.Count != predicted.Count) throw new ArgumentException($"{gold.Count} gold rows but {predicted.Count} predictions", nameof(predicted));
        var rows = new List<CriterionMetrics>();
        foreach (var criterion in GuardCriteria.All)
        {
            int support = 0, flagged = 0, tp = 0;
            for (int i = 0; i < gold.Count; i++)
            {
                bool g = gold[i].Contains(criterion), p = predicted[i].Contains(criterion);
                if (g) support++;
                if (p) flagged++;
                if (g && p) tp++;
            }

            rows.Add(new CriterionMetrics(criterion, support, flagged, tp));
        }

        int anySupport = 0, anyPredicted = 0, anyTp = 0;
        for (int i = 0; i < gold.Count; i++)
        {
            bool g = gold[i].Count > 0, p = predicted[i].Count > 0;
            if (g) anySupport++;
            if (p) anyPredicted++;
            if (g && p) anyTp++;
        }

        return new GuardEvaluation(rows, new CriterionMetrics("any", anySupport, anyPredicted, anyTp), gold.Count);
    }
}
