using System.Text.Json;
using Attune.Suites.Eq;

namespace Attune.Tests.Suites.Eq;

public class EqAggregationTests
{
    [SharedFact]
    public void Aggregation_matches_reference_scenarios()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.EqVectors));
        foreach (var scenario in doc.RootElement.GetProperty("aggregation_scenarios").EnumerateArray())
        {
            var items = new List<EqItemResult>();
            int iterations = 0;
            foreach (var it in scenario.GetProperty("iterations").EnumerateObject())
            {
                int n = int.Parse(it.Name, System.Globalization.CultureInfo.InvariantCulture);
                iterations = Math.Max(iterations, n);
                foreach (var q in it.Value.EnumerateObject())
                {
                    double? first = q.Value.GetProperty("first_pass_score").ValueKind == JsonValueKind.Null ? null : q.Value.GetProperty("first_pass_score").GetDouble();
                    double? revised = q.Value.TryGetProperty("revised_score", out var r) && r.ValueKind != JsonValueKind.Null ? r.GetDouble() : null;
                    items.Add(new EqItemResult(q.Name, n, true, 1, 1, null, first, revised, first, revised, "", null));
                }
            }
            var score = EqAggregation.Aggregate(items, iterations, 2, EqVersion.V2, EqParserKind.Strict);
            var name = scenario.GetProperty("name").GetString();
            Assert.True(scenario.GetProperty("expected_score").GetDouble() == score.Score, $"{name}: score {score.Score}");
            Assert.True(scenario.GetProperty("expected_parseable").GetDouble() == score.Parseable, $"{name}: parseable {score.Parseable}");
            if (scenario.TryGetProperty("expected_iteration_detail", out var detail))
            {
                foreach (var it in detail.EnumerateObject())
                {
                    var mine = score.Iterations[int.Parse(it.Name, System.Globalization.CultureInfo.InvariantCulture) - 1];
                    Assert.Equal(it.Value.GetProperty("final_score").GetDouble(), mine.FinalScore, 9);
                    Assert.Equal(it.Value.GetProperty("final_parseable").GetInt32(), mine.FinalParseable);
                    Assert.Equal(it.Value.GetProperty("first_pass_score").GetDouble(), mine.FirstPassScore, 9);
                    Assert.Equal(it.Value.GetProperty("revised_score").GetDouble(), mine.RevisedScore, 9);
                }
            }
        }
    }

    [Fact]
    public void Parse_threshold_marks_the_run_failed()
    {
        var items = Enumerable.Range(1, 4).Select(i => new EqItemResult(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, i <= 3, 1, 1, null, 5.0, null, 5.0, null, "", null)).ToList();
        Assert.True(EqAggregation.Aggregate(items, 1, 4, EqVersion.V2, EqParserKind.Strict).FailedParseThreshold);
        Assert.False(EqAggregation.Aggregate(items, 1, 3, EqVersion.V2, EqParserKind.Strict).FailedParseThreshold);
    }
}
