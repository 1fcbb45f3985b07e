using System.Globalization;
using Attune.Reporting;
using Attune.Suites;

namespace Attune.Running;

/// <summary>The gates CI pipelines put on runs and comparisons.</summary>
public static class RunGates
{
    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "–";

    /// <summary>A run's gates: the suite's own threshold, and <c>--fail-under</c> when given.</summary>
    public static IReadOnlyList<GateOutcome> ForRun(ISuiteResult result, double? failUnder)
    {
        var gates = new List<GateOutcome>
        {
            new("threshold", !result.FailedThreshold, result.FailedThreshold ? $"the {result.Suite} suite's own threshold failed" : $"the {result.Suite} suite's own threshold passed"),
        };
        if (failUnder is { } min)
        {
            bool passed = double.IsFinite(result.Score) && result.Score >= min;
            gates.Add(new GateOutcome("fail-under", passed, $"score {F(result.Score)} {(passed ? "≥" : "<")} {F(min)}"));
        }
        return gates;
    }

    /// <summary>
    /// The regression gate of a comparison: B fails when it is worse than A by more than <paramref name="margin"/>
    /// points (headline scores) and the paired test's p is below <paramref name="alpha"/>.
    /// </summary>
    public static GateOutcome WorseThan(RunComparison comparison, double margin, double alpha)
    {
        var d = comparison.Difference;
        var p = comparison.Paired.PValue;
        bool worse = d < -margin && double.IsFinite(p) && p < alpha;
        var why = worse
            ? $"run {comparison.B.Id} is worse than run {comparison.A.Id} by {F(-d)} points (> margin {F(margin)}) with p = {p.ToString("0.0000", CultureInfo.InvariantCulture)} < {alpha.ToString(CultureInfo.InvariantCulture)}"
            : d >= -margin
                ? $"difference B − A = {F(d)} is within the margin of −{F(margin)}"
                : $"difference B − A = {F(d)} exceeds the margin but p = {(double.IsFinite(p) ? p.ToString("0.0000", CultureInfo.InvariantCulture) : "–")} is not below {alpha.ToString(CultureInfo.InvariantCulture)} (not beyond noise)";
        return new GateOutcome("fail-if-worse", !worse, why);
    }
}
