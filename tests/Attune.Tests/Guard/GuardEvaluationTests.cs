using Attune.Guard;

namespace Attune.Tests.Guard;

public class GuardEvaluationTests
{
    [Fact]
    public void Precision_recall_and_f1_match_a_hand_computation()
    {
        // gold:      {esc}, {esc, syc}, {}, {syc}
        // predicted: {esc}, {esc},      {esc}, {}
        // escalation: support 2, predicted 3, TP 2 → P 2/3, R 1, F1 0.8
        // sycophancy: support 2, predicted 0 → P 0, R 0, F1 0
        // any: support 3, predicted 3, TP 2 → F1 2/3
        IReadOnlyCollection<string>[] gold = [["escalation"], ["escalation", "sycophancy"], [], ["sycophancy"]];
        IReadOnlyCollection<string>[] predicted = [["escalation"], ["escalation"], ["escalation"], []];
        var e = GuardEvaluation.Compute(gold, predicted);
        var esc = e.Criteria.Single(c => c.Criterion == "escalation");
        Assert.Equal(2.0 / 3, esc.Precision, 10);
        Assert.Equal(1.0, esc.Recall, 10);
        Assert.Equal(0.8, esc.F1, 10);
        Assert.Equal(0.0, e.Criteria.Single(c => c.Criterion == "sycophancy").F1);
        Assert.Equal(2.0 / 3, e.Flagged.F1, 10);
        Assert.Equal(0.8 / 9, e.MacroF1, 10); // seven criteria with neither support nor predictions count as 0
        Assert.Equal(4, e.Replies);
    }
}
