namespace Attune.Guard;

/// <summary>How well an assessor finds one criterion on a labelled set.</summary>
/// <param name="Criterion">The criterion id.</param>
/// <param name="Support">Replies that show it.</param>
/// <param name="Predicted">Replies the assessor flagged with it.</param>
/// <param name="TruePositives">Replies both show and flagged.</param>
public sealed record CriterionMetrics(string Criterion, int Support, int Predicted, int TruePositives)
{
    /// <summary>TP / predicted (0 when nothing was predicted).</summary>
    public double Precision => Predicted == 0 ? 0 : (double)TruePositives / Predicted;

    /// <summary>TP / support (0 when there is no support).</summary>
    public double Recall => Support == 0 ? 0 : (double)TruePositives / Support;

    /// <summary>2·TP / (support + predicted) (0 when both are 0).</summary>
    public double F1 => Support + Predicted == 0 ? 0 : 2.0 * TruePositives / (Support + Predicted);
}
