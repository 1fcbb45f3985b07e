using System.Text.Json.Nodes;
using Attune.Statistics;
using Attune.Storage;

namespace Attune.Running;

/// <summary>Two runs on the same items compared item by item (B − A).</summary>
/// <param name="A">The first run.</param>
/// <param name="B">The second run.</param>
/// <param name="ScoreA">A's headline score.</param>
/// <param name="ScoreB">B's headline score.</param>
/// <param name="Paired">The paired comparison over the items both scored.</param>
public sealed record RunComparison(RunRecord A, RunRecord B, double ScoreA, double ScoreB, PairedComparison Paired)
{
    /// <summary>B − A of the headline scores.</summary>
    public double Difference => ScoreB - ScoreA;

    /// <summary>The comparison as a JSON object.</summary>
    public JsonObject ToJson() => new()
    {
        ["a"] = new JsonObject { ["id"] = A.Id, ["model"] = A.Model, ["score"] = Finite(ScoreA) },
        ["b"] = new JsonObject { ["id"] = B.Id, ["model"] = B.Model, ["score"] = Finite(ScoreB) },
        ["difference"] = Finite(Difference),
        ["pairedItems"] = Paired.Pairs,
        ["meanItemDifference"] = Finite(Paired.MeanDifference),
        ["ci95"] = new JsonArray(Finite(Paired.Lower), Finite(Paired.Upper)),
        ["pValue"] = Finite(Paired.PValue),
        ["test"] = "two-sided paired sign-flip permutation test over items",
        ["betterInB"] = Paired.BetterInB,
        ["betterInA"] = Paired.BetterInA,
    };

    private static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
