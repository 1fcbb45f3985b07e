namespace Attune.Emotions;

/// <summary>Multi-label evaluation: per-label precision, recall and F1, macro-F1 (mean over labels) and micro-F1.</summary>
/// <param name="Labels">Per label: name, support (gold count), predicted count, true positives, precision, recall, F1.</param>
/// <param name="MacroF1">Mean F1 over every label of the taxonomy (a label with no gold and no prediction counts 0).</param>
/// <param name="MicroF1">F1 over all label decisions pooled.</param>
/// <param name="Texts">Texts evaluated.</param>
public sealed record MultiLabelEvaluation(IReadOnlyList<(string Label, int Support, int Predicted, int TruePositives, double Precision, double Recall, double F1)> Labels, double MacroF1, double MicroF1, int Texts)
{
    /// <summary>Compares predicted label sets with gold label sets over a taxonomy.</summary>
    public static MultiLabelEvaluation Compute(Taxonomy taxonomy, IReadOnlyList<IReadOnlyCollection<string>> gold, IReadOnlyList<IReadOnlyCollection<string>> predicted)
    {
        if (gold.Count != predicted.Count) throw new ArgumentException("gold and predicted differ in length");
        var rows = new List<(string, int, int, int, double, double, double)>();
        int tpAll = 0, goldAll = 0, predAll = 0;
        foreach (var label in taxonomy.Labels)
        {
            int tp = 0, g = 0, p = 0;
            for (int i = 0; i < gold.Count; i++)
            {
                bool inGold = gold[i].Contains(label), inPred = predicted[i].Contains(label);
                if (inGold) g++;
                if (inPred) p++;
                if (inGold && inPred) tp++;
            }
            double precision = p == 0 ? 0 : tp / (double)p;
            double recall = g == 0 ? 0 : tp / (double)g;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            rows.Add((label, g, p, tp, precision, recall, f1));
            tpAll += tp;
            goldAll += g;
            predAll += p;
        }
        double microP = predAll == 0 ? 0 : tpAll / (double)predAll;
        double microR = goldAll == 0 ? 0 : tpAll / (double)goldAll;
        double micro = microP + microR == 0 ? 0 : 2 * microP * microR / (microP + microR);
        return new MultiLabelEvaluation(rows, rows.Average(r => r.Item7), micro, gold.Count);
    }
}
