namespace Attune.Web.Tests;

public class ReferenceFiguresTests
{
    private static string Write(string name, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("attune-ref-").FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Json_figures_with_a_default_source_and_an_interval_are_read()
    {
        var path = Write("ref.json", """{"source": "EQ-Bench site", "figures": [{"model": "m1", "suite": "eq", "items": "eq_bench_v2_questions_171.json", "score": 81.5, "ci95": [79, 84]}, {"model": "m2", "suite": "eq3-rating", "score": 1312, "source": "other"}]}""");
        var figures = ReferenceFigures.Load(path).Figures;
        Assert.Equal(new ReferenceFigure("m1", "eq", "eq_bench_v2_questions_171.json", 81.5, 79, 84, "EQ-Bench site"), figures[0]);
        Assert.Equal(new ReferenceFigure("m2", "eq3-rating", null, 1312, null, null, "other"), figures[1]);
    }

    [Fact]
    public void Csv_figures_are_read_by_header_with_quoted_fields()
    {
        var path = Write("ref.csv", "model,suite,score,source,ci_low,ci_high\n\"gpt, large\",ability,56.0,\"Bern \"\"study\"\"\",50,62\r\nm2,eq,70,,,\n");
        var figures = ReferenceFigures.Load(path).Figures;
        Assert.Equal(new ReferenceFigure("gpt, large", "ability", null, 56.0, 50, 62, "Bern \"study\""), figures[0]);
        Assert.Equal(new ReferenceFigure("m2", "eq", null, 70, null, null, "reference"), figures[1]);
    }

    [Theory]
    [InlineData("a.csv", "model,suite\nm,eq\n", "a.csv:1: a CSV file needs the header model,suite,score")]
    [InlineData("b.csv", "model,suite,score\nm,eq,high\n", "b.csv:2: score \"high\" is not a number")]
    [InlineData("c.json", "[{\"model\": \"m\", \"suite\": \"eq\", \"score\": \"80\"}]", "c.json: figure 1: \"score\" must be a number")]
    [InlineData("d.json", "[{\"model\": \"m\", \"score\": 80}]", "d.json: figure 1: \"suite\" must be a non-empty string")]
    [InlineData("e.json", "[{\"model\": \"m\", \"suite\": \"eq\", \"score\": 80, \"ci95\": [1]}]", "e.json: figure 1: \"ci95\" must be [lower, upper]")]
    public void A_bad_file_is_refused_naming_the_line_or_figure(string name, string text, string expected)
    {
        var ex = Assert.Throws<InputException>(() => ReferenceFigures.Load(Write(name, text)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("--reference: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused()
    {
        var ex = Assert.Throws<InputException>(() => ReferenceFigures.Load("/nonexistent/ref.json"));
        Assert.Equal("--reference: /nonexistent/ref.json: file not found", ex.Message);
    }
}
