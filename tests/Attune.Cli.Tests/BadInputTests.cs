namespace Attune.Cli.Tests;

public class BadInputTests
{
    private static void AssertOneLineError(CliResult r, int code, params string[] mentions)
    {
        Assert.Equal(code, r.ExitCode);
        var err = r.Stderr.Trim();
        Assert.DoesNotContain("\n", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        foreach (var m in mentions) Assert.Contains(m, err, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout.Trim());
    }

    private static string Temp(string content, string ext = ".json")
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("attune-bad-").FullName, "file" + ext);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Unknown_provider_lists_the_supported_ones()
        => AssertOneLineError(await CliRunner.RunAsync(["run", "--model", "gemini:pro"]), 2, "gemini", "openai:", "ollama:", "anthropic:", "builtin:");

    [Fact]
    public async Task Missing_key_says_what_to_set()
    {
        AssertOneLineError(await CliRunner.RunAsync(["run", "--model", "openai:gpt-4o-mini"]), 2, "OPENAI_API_KEY");
        AssertOneLineError(await CliRunner.RunAsync(["run", "--model", "anthropic:claude-sonnet-4-5"]), 2, "ANTHROPIC_API_KEY");
    }

    [Fact]
    public async Task Unreachable_endpoint_is_exit_3_naming_the_host_without_hanging()
    {
        var r = await CliRunner.RunAsync(["run", "--model", "openai:m", "--base-url", "http://127.0.0.1:9/v1"], timeout: TimeSpan.FromSeconds(60));
        AssertOneLineError(r, 3, "127.0.0.1:9");
        Assert.True(r.Elapsed < TimeSpan.FromSeconds(30), $"took {r.Elapsed}");
    }

    [Fact]
    public async Task Missing_and_truncated_question_files()
    {
        AssertOneLineError(await CliRunner.RunAsync(["run", "--questions", "/nonexistent/questions.json"]), 2, "/nonexistent/questions.json", "not found");
        var truncated = Temp("{\"1\": {\"prompt\": \"abc\", \"reference_ans");
        AssertOneLineError(await CliRunner.RunAsync(["run", "--questions", truncated]), 2, truncated, "not valid JSON");
    }

    [Fact]
    public async Task Entry_without_fullscale_reference_names_the_field()
    {
        var path = Temp("{\"3\": {\"prompt\": \"p\", \"reference_answer\": {\"emotion1\":\"A\",\"emotion2\":\"B\",\"emotion3\":\"C\",\"emotion4\":\"D\",\"emotion1_score\":1,\"emotion2_score\":2,\"emotion3_score\":3,\"emotion4_score\":4}}}");
        AssertOneLineError(await CliRunner.RunAsync(["run", "--questions", path]), 2, "question \"3\"", "reference_answer_fullscale");
    }

    [Fact]
    public async Task Broken_jsonl_line_names_the_line()
    {
        var questions = Temp("{\"1\": {\"prompt\": \"p\", \"reference_answer\": {\"emotion1\":\"A\",\"emotion2\":\"B\",\"emotion3\":\"C\",\"emotion4\":\"D\",\"emotion1_score\":1,\"emotion2_score\":2,\"emotion3_score\":3,\"emotion4_score\":4}, \"reference_answer_fullscale\": {\"emotion1\":\"A\",\"emotion2\":\"B\",\"emotion3\":\"C\",\"emotion4\":\"D\",\"emotion1_score\":1,\"emotion2_score\":2,\"emotion3_score\":3,\"emotion4_score\":4}}}");
        var responses = Temp("{\"id\": \"1\", \"iteration\": 1, \"response\": \"A: 1\"}\n{\"id\": \"1\", \"iter", ".jsonl");
        AssertOneLineError(await CliRunner.RunAsync(["eq", "score", "--questions", questions, "--responses", responses]), 2, responses + ":2");
    }

    [Fact]
    public async Task Bad_option_values_are_usage_errors()
    {
        AssertOneLineError(await CliRunner.RunAsync(["run", "--parser", "fuzzy"]), 2, "--parser");
        AssertOneLineError(await CliRunner.RunAsync(["run", "--iterations", "zero"]), 2, "zero");
        AssertOneLineError(await CliRunner.RunAsync(["run", "--language", "fr"]), 2, "--language");
    }
}
