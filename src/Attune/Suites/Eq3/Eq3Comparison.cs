using System.Text.Json.Nodes;
using Attune.Statistics;

namespace Attune.Suites.Eq3;

/// <summary>
/// One stored pairwise comparison record (§4.5): one judge call (one direction) of a logical pair, mapped back to the
/// model under test; or an error record, which is stored but never used for rating and does not count as an existing
/// matchup.
/// </summary>
/// <param name="ScenarioId">Scenario id.</param>
/// <param name="TestModel">The model under test (<c>pair.test_model</c>).</param>
/// <param name="OtherModel">The opponent (<c>pair.neighbor_model</c>).</param>
/// <param name="IterationKey">The iteration key both sides share (<c>pair.iteration_index</c>).</param>
/// <param name="Order">Which slot the test model had.</param>
/// <param name="JudgeResponse">The judge's parsed object (null for error records).</param>
/// <param name="OutcomeForTest">1, 0 or 0.5 for the test model.</param>
/// <param name="PlusForTest">The test model's plus total (after the analysis downscale).</param>
/// <param name="PlusForOther">The opponent's plus total.</param>
/// <param name="PlusDiff">|PlusForTest − PlusForOther|.</param>
/// <param name="PlusDiffNormalized">min(PlusDiff / 30, 1).</param>
/// <param name="PlusDiffBlended">Equal to <paramref name="PlusDiffNormalized"/>.</param>
/// <param name="FractionForTest">The margin fraction for the test model.</param>
/// <param name="TestAvgResponseLength">Mean code-point length of the test model's raw assistant messages.</param>
/// <param name="OtherAvgResponseLength">Mean code-point length of the opponent's raw assistant messages.</param>
/// <param name="Error">The error text of an error record, else null.</param>
/// <param name="RawJudgeResponse">An error record's raw judge reply, else null.</param>
public sealed record Eq3Comparison(
    string ScenarioId,
    string TestModel,
    string OtherModel,
    string IterationKey,
    Eq3PairwiseOrder Order,
    JsonObject? JudgeResponse,
    double? OutcomeForTest,
    double? PlusForTest,
    double? PlusForOther,
    double? PlusDiff,
    double? PlusDiffNormalized,
    double? PlusDiffBlended,
    double? FractionForTest,
    double? TestAvgResponseLength,
    double? OtherAvgResponseLength,
    string? Error = null,
    string? RawJudgeResponse = null)
{
    /// <summary>The forward order text.</summary>
    public const string ForwardOrderText = "A0493:test / A0488:other";

    /// <summary>The reversed order text.</summary>
    public const string ReversedOrderText = "A0493:other / A0488:test";

    /// <summary>True for an error record.</summary>
    public bool IsError => Error is not null;

    /// <summary>The stored <c>order</c> text: the slot map for judgments, <c>forward</c>/<c>reversed</c> for error records.</summary>
    public string OrderText => IsError
        ? (Order == Eq3PairwiseOrder.Forward ? "forward" : "reversed")
        : (Order == Eq3PairwiseOrder.Forward ? ForwardOrderText : ReversedOrderText);

    /// <summary>The record as the rating solver reads it, or null for an error record.</summary>
    public PairwiseRecord? ToRecord() =>
        IsError ? null : new PairwiseRecord(TestModel, OtherModel, ScenarioId, IterationKey, PlusForTest, PlusForOther, FractionForTest);

    /// <summary>The logical pair's signature.</summary>
    public Eq3MatchupSignature Signature => Eq3MatchupSignature.Create(TestModel, OtherModel, ScenarioId, IterationKey);
}
