using Attune.Suites.Eq;

namespace Attune.Tests.Suites.Eq;

public class EqQuestionSetTests
{
    [SharedFact]
    public void Reads_official_files_with_numeric_strings()
    {
        var en = EqQuestionSet.Load(SharedData.EqEnglish);
        var de = EqQuestionSet.Load(SharedData.EqGerman);
        Assert.Equal(171, en.Questions.Count);
        Assert.Equal(171, de.Questions.Count);
        Assert.Equal(EqVersion.V2, en.Version);
        Assert.Equal([0.0, 6.0, 0.0, 7.0], en.Find("1")!.Fullscale!.Scores);
        Assert.Equal("Reuevoll", de.Find("1")!.Fullscale!.Emotions[0]);
    }

    [Fact]
    public void Built_in_items_load_and_are_original_v2_items()
    {
        var set = EqQuestionSet.LoadBuiltIn();
        Assert.True(set.Questions.Count >= 60);
        Assert.Equal(EqVersion.V2, set.Version);
        Assert.All(set.Questions, q =>
        {
            Assert.NotNull(q.Fullscale);
            Assert.Equal(10.0, q.Reference.Scores.Sum());
            Assert.Contains("Critique: <your critique here>", q.Prompt, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Missing_fullscale_reference_names_question_and_field()
    {
        var path = Temp("{\"7\": {\"prompt\": \"p\", \"reference_answer\": {\"emotion1\":\"A\",\"emotion2\":\"B\",\"emotion3\":\"C\",\"emotion4\":\"D\",\"emotion1_score\":1,\"emotion2_score\":2,\"emotion3_score\":3,\"emotion4_score\":4}}}");
        var ex = Assert.Throws<InputException>(() => EqQuestionSet.Load(path));
        Assert.Contains("question \"7\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("reference_answer_fullscale", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_and_missing_files_are_clear_errors()
    {
        var truncated = Temp("{\"1\": {\"prompt\": \"p\", \"reference_");
        Assert.Contains("not valid JSON", Assert.Throws<InputException>(() => EqQuestionSet.Load(truncated)).Message, StringComparison.Ordinal);
        Assert.Contains("not found", Assert.Throws<InputException>(() => EqQuestionSet.Load("/nonexistent/q.json")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sixty_questions_make_a_v1_file()
    {
        var entries = Enumerable.Range(1, 60).Select(i => $"\"{i}\": {{\"prompt\": \"p\", \"reference_answer\": {{\"emotion1\":\"A\",\"emotion2\":\"B\",\"emotion3\":\"C\",\"emotion4\":\"D\",\"emotion1_score\":1,\"emotion2_score\":2,\"emotion3_score\":3,\"emotion4_score\":\"4\"}}}}");
        var set = EqQuestionSet.Load(Temp("{" + string.Join(",", entries) + "}"));
        Assert.Equal(EqVersion.V1, set.Version);
        Assert.Null(set.Questions[0].Fullscale);
        Assert.Equal(4.0, set.Questions[0].Reference.Scores[3]);
    }

    private static string Temp(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), "attune-test-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, content);
        return path;
    }

    private static string Question(string emotionScore = "5") =>
        "{\"prompt\": \"p\", \"reference_answer\": {\"emotion1\": \"a\", \"emotion2\": \"b\", \"emotion3\": \"c\", \"emotion4\": \"d\", \"emotion1_score\": 4, \"emotion2_score\": 3, \"emotion3_score\": 2, \"emotion4_score\": 1}, "
        + "\"reference_answer_fullscale\": {\"emotion1\": \"a\", \"emotion2\": \"b\", \"emotion3\": \"c\", \"emotion4\": \"d\", \"emotion1_score\": " + emotionScore + ", \"emotion2_score\": 3, \"emotion3_score\": 2, \"emotion4_score\": 1}}";

    [Fact]
    public void Duplicate_question_ids_are_refused_with_both_lines()
    {
        var text = "{\n  \"1\": " + Question() + ",\n  \"2\": " + Question() + ",\n  \"1\": " + Question() + "\n}";
        var ex = Assert.Throws<InputException>(() => EqQuestionSet.Parse(System.Text.Encoding.UTF8.GetBytes(text), "q.json"));
        Assert.Contains("question id \"1\" appears twice (lines 2 and 4)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-50")]
    [InlineData("1e300")]
    [InlineData("\"Infinity\"")]
    [InlineData("10.5")]
    public void Reference_scores_outside_0_to_10_are_refused_with_the_question(string score)
    {
        var text = "{\"q7\": " + Question(score) + "}";
        var ex = Assert.Throws<InputException>(() => EqQuestionSet.Parse(System.Text.Encoding.UTF8.GetBytes(text), "q.json"));
        Assert.Contains("question \"q7\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 10", ex.Message, StringComparison.Ordinal);
    }
}
