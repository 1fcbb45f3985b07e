using System.Globalization;
using System.Text;
using Attune.Emotions;

namespace Attune.Train;

/// <summary>
/// The threshold-tuning protocol both tiers report (RESULTS.md): thresholds tuned on each dev half and scored on the
/// other, pooled into the honest figure; tuned and scored on full dev (optimistic; these ship); and the mean over 20
/// random half splits.
/// </summary>
internal sealed record DevEvaluation(float[] ThresholdsAll, LabelMetrics[] OnA, LabelMetrics[] OnB, LabelMetrics[] Crossed, LabelMetrics[] Optimistic, double Repeated)
{
    public static DevEvaluation Of(float[][] probabilities, bool[][] truth, int[] halfA, int[] halfB, int[] all, double grid)
    {
        float[] thresholdsA = Evaluation.TuneThresholds(probabilities, truth, halfA, grid);
        float[] thresholdsB = Evaluation.TuneThresholds(probabilities, truth, halfB, grid);
        float[] thresholdsAll = Evaluation.TuneThresholds(probabilities, truth, all, grid);
        var inA = new HashSet<int>(halfA);
        return new DevEvaluation(
            thresholdsAll,
            OnA: Evaluation.Evaluate(probabilities, truth, halfA, _ => thresholdsB),
            OnB: Evaluation.Evaluate(probabilities, truth, halfB, _ => thresholdsA),
            Crossed: Evaluation.Evaluate(probabilities, truth, all, i => inA.Contains(i) ? thresholdsB : thresholdsA),
            Optimistic: Evaluation.Evaluate(probabilities, truth, all, _ => thresholdsAll),
            Repeated: Evaluation.RepeatedCrossTunedMacroF1(probabilities, truth, 20, grid));
    }

    /// <summary>The report's five dev macro-F1 lines.</summary>
    public void AppendFigures(StringBuilder report)
    {
        report.AppendLine(CultureInfo.InvariantCulture, $"- dev macro-F1, thresholds tuned on A, scored on B: {Evaluation.MacroF1(OnB):0.0000}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- dev macro-F1, thresholds tuned on B, scored on A: {Evaluation.MacroF1(OnA):0.0000}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- dev macro-F1, full dev, each half scored with the other half's thresholds (honest): {Evaluation.MacroF1(Crossed):0.0000} (micro {Evaluation.MicroF1(Crossed):0.0000})");
        report.AppendLine(CultureInfo.InvariantCulture, $"- dev macro-F1, mean over 20 random half splits of dev (tune on one half, score the other): {Repeated:0.0000}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- dev macro-F1, full dev, thresholds tuned on full dev (optimistic; these thresholds ship): {Evaluation.MacroF1(Optimistic):0.0000} (micro {Evaluation.MicroF1(Optimistic):0.0000})");
    }

    /// <summary>The report's per-label table.</summary>
    public void AppendLabelTable(StringBuilder report, Taxonomy taxonomy)
    {
        report.AppendLine("| label | support | F1 (cross-tuned) | P | R | F1 (dev-tuned) | threshold |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        for (int k = 0; k < Crossed.Length; k++)
        {
            LabelMetrics m = Crossed[k];
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {taxonomy.Labels[k]} | {m.Support} | {m.F1:0.000} | {m.Precision:0.000} | {m.Recall:0.000} | {Optimistic[k].F1:0.000} | {ThresholdsAll[k]:0.000} |");
        }
    }
}
