using System.IO.Compression;
using System.Text;
using Attune.Statistics;
using Attune.Suites.Eq3;

namespace Attune.Tests.Suites.Eq3;

public sealed class Eq3LeaderboardTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "attune-eq3-lb-" + Guid.NewGuid().ToString("N"));

    public Eq3LeaderboardTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private string Write(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        var bytes = Encoding.UTF8.GetBytes(json);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var file = File.Create(path);
            using var gz = new GZipStream(file, CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    private const string Runs = """
    {
      "r1_old": {"model_name": "m-old", "scenario_tasks": {"1": {
        "1": {"status": "rubric_scored", "conversation_history": [{"role": "user", "content": "u"}, {"role": "assistant", "content": "first"}],
              "parsed_responses": [{"thinking_feeling": "tf", "their_thinking_feeling": "", "response": "r", "raw": "first"}],
              "debrief_response": "d", "rubric_scores": {"demonstrated_empathy": 12.0, "warmth": 15}},
        "2": {"status": "error", "conversation_history": [{"role": "user", "content": "u"}], "debrief_response": null},
        "404": {"status": "scenario_completed", "conversation_history": [{"role": "user", "content": "u"}, {"role": "assistant", "content": "a"}], "parsed_responses": [{"raw": "a"}]}
      }}},
      "r2_old": {"test_model": "m-old", "scenario_tasks": {"1": {
        "1": {"status": "completed", "conversation_history": [{"role": "user", "content": "u"}, {"role": "assistant", "content": "second"}], "debrief_response": "d2", "rubric_scores": NaN}
      }}},
      "r3": {"model_name": "o3", "scenario_tasks": {"1": {"3": {"status": "completed", "conversation_history": [], "debrief_response": "x"}}}}
    }
    """;

    private const string Elo = """
    {
      "m-old": {"elo": 1234.5, "elo_norm": 900.1, "sigma": 40.2},
      "o3": {"sigma": 40},
      "__metadata__": {"last_updated": "2025-05-08", "global_pairwise_comparisons": [
        {"scenario_id": "1", "pair": {"test_model": "m-old", "neighbor_model": "o3", "iteration_index": 1}, "order": "A0493:other / A0488:test",
         "judge_response": {"a": "A0493++"}, "outcome_for_test_model": 0.0, "plus_for_test": 0, "plus_for_other": 2, "plus_diff": 2,
         "plus_diff_normalized": 0.06666666666666667, "plus_diff_blended": 0.06666666666666667, "fraction_for_test": 0.4666666666666667,
         "test_model_avg_response_length": 10.0, "neighbor_model_avg_response_length": 12.5},
        {"scenario_id": "2", "pair": {"test_model": "m-old", "neighbor_model": "o3", "iteration_index": "1"}, "order": "forward", "error": "Judge Error: API call failed: 500", "raw_judge_response": ""},
        {"scenario_id": "3", "pair": {"test_model": "m-old", "neighbor_model": "o3", "iteration_index": "1"}, "fraction_for_test": 0.7}
      ]}
    }
    """;

    [Fact]
    public void ReadsGzippedCanonicalFiles()
    {
        var board = Eq3Leaderboard.Load(Write("canonical_leaderboard_results.json.gz", Runs), Write("canonical_leaderboard_elo_results.json.gz", Elo));

        var tasks = board.Tasks["m-old"];
        Assert.Equal([("1", "1"), ("404", "1")], tasks.Select(t => (t.ScenarioId, t.IterationKey)));
        var one = tasks[0];
        Assert.Equal("second", one.History[1].Content); // the later run replaces the earlier task
        Assert.Equal(Eq3Status.Completed, one.Status);
        Assert.False(board.Tasks.ContainsKey("o3")); // empty history is not collected

        Assert.Equal(1234.5, board.Ratings["m-old"]);
        Assert.Equal(1200, board.Ratings["o3"]);

        Assert.Equal(3, board.Comparisons.Count);
        var first = board.Comparisons[0];
        Assert.Equal(("1", "m-old", "o3", "1", Eq3PairwiseOrder.Reversed), (first.ScenarioId, first.TestModel, first.OtherModel, first.IterationKey, first.Order));
        Assert.Equal(0.4666666666666667, first.FractionForTest);
        Assert.Equal(first.PlusForTest, Eq3Pairwise.Recompute(first).PlusForTest);
        Assert.True(board.Comparisons[1].IsError);
        Assert.Null(board.Comparisons[2].PlusForTest);

        var records = board.Comparisons.Select(c => c.ToRecord()).OfType<PairwiseRecord>().ToList();
        Assert.Equal(2, records.Count);
        var rated = TrueSkillLadder.Rate(board.Ratings.Keys, records);
        // Scenario 1: o3 wins by 2 pluses (2 pseudo-wins); scenario 3 (old fraction 0.7): m-old wins 8.
        Assert.True(rated["m-old"].Elo > rated["o3"].Elo);
    }

    [Fact]
    public void ReadsPlainJsonAndParsedSections()
    {
        var board = Eq3Leaderboard.Load(Write("runs.json", Runs), null);
        var parsed = board.Tasks["m-old"].Single(t => t.ScenarioId == "404").Parsed.Single();
        Assert.Equal("a", parsed.Raw);
        Assert.Empty(parsed.Sections);
        Assert.Empty(board.Comparisons);
    }

    [Fact]
    public void BadFilesAreInputErrors()
    {
        Assert.Throws<InputException>(() => Eq3Leaderboard.Load(Path.Combine(_dir, "missing.json.gz"), null));
        Assert.Throws<InputException>(() => Eq3Leaderboard.Load(Write("bad.json", "[1, 2]"), null));
        Assert.Throws<InputException>(() => Eq3Leaderboard.Load(null, Write("notgz.json.gz.txt", "{") ));
        var notGzip = Path.Combine(_dir, "plain.json.gz");
        File.WriteAllText(notGzip, "{}");
        Assert.Throws<InputException>(() => Eq3Leaderboard.Load(notGzip, null));
    }
}
