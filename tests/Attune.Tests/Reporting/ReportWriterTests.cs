using Attune.Reporting;
using Attune.Suites;

namespace Attune.Tests.Reporting;

public class ReportWriterTests
{
    private sealed class FakeResult(IReadOnlyList<ItemRow> items) : ISuiteResult
    {
        public string Suite => "demo";

        public double Score => 42;

        public bool FailedThreshold => false;

        public IReadOnlyList<SuiteMetric> Metrics { get; } =
        [
            new("score", "Score", 42, "42.00", 30, 50),
            new("parseable", "Parseable <b>", 3, "3 / 4", Warning: true),
        ];

        public IReadOnlyList<ItemRow> Items => items;

        public IReadOnlyList<ResultTable> Tables { get; } =
        [
            new("Emotions", ["emotion", "error"], [["anger", "+1.50"], ["joy", "-0.50"]], "a note", new BarScale(1, -2, 2)),
        ];

        public IReadOnlyList<string> Notes { get; } = ["Scale 0–100."];

        public void WriteJson(Stream stream, ResultContext context) => stream.Write("{\"suite\":\"demo\",\"score\":42}"u8);
    }

    private const string Attack = "<script>alert('x')</script> `` <img src=x onerror=alert(1)> | **bold** [link](http://evil)";

    private static RunReport Report(params ItemRow[] items) => new("Title <i>", [new("model", "openai:m"), new("run", "7")], new FakeResult(items), ["INCOMPLETE: test"]);

    [Fact]
    public void Html_is_self_contained_and_escapes_every_model_text()
    {
        var html = ReportWriter.Html(Report(new ItemRow("q1", 1, null, "unparsed", "1 attempt(s)", Attack), new ItemRow("q2", 1, 80, "ok", null, "fine")));
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Title &lt;i&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace("http://evil", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.Contains("95% CI 30.00 – 50.00", html, StringComparison.Ordinal);
        Assert.Contains("INCOMPLETE: test", html, StringComparison.Ordinal);
        Assert.Contains("class=\"over\"", html, StringComparison.Ordinal);  // +1.50 drawn as an over bar
        Assert.Contains("class=\"under\"", html, StringComparison.Ordinal); // -0.50 as an under bar
        Assert.Contains("<small>1</small>", html, StringComparison.Ordinal); // one item with a problem, all shown
    }

    [Fact]
    public void Markdown_makes_model_text_inert()
    {
        var md = ReportWriter.Markdown(Report(new ItemRow("q1 <x>", 1, null, "unparsed", "answered `A`", "x ``` <img src=x onerror=alert(1)> ````")));
        Assert.DoesNotContain("<img", md.Replace("x ``` <img src=x onerror=alert(1)> ````", "", StringComparison.Ordinal), StringComparison.Ordinal);
        // the raw answer sits in a fence longer than any backtick run inside it (4 → a fence of 5)
        Assert.Contains("`````text\nx ``` <img src=x onerror=alert(1)> ````\n`````", md, StringComparison.Ordinal);
        Assert.Contains("q1 &lt;x&gt;", md, StringComparison.Ordinal);
        Assert.Contains("answered \\`A\\`", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Md_escapes_html_and_markdown_syntax()
    {
        Assert.Equal("&lt;b&gt; \\*x\\* \\| \\[a\\]\\(b\\) \\`c\\`", ReportWriter.Md("<b> *x* | [a](b) `c`"));
    }

    [Fact]
    public void Long_problem_lists_say_how_many_are_shown()
    {
        var items = Enumerable.Range(0, ReportWriter.MaxListed + 5).Select(i => new ItemRow($"q{i}", 1, null, "unparsed")).ToArray();
        Assert.Contains($"{ReportWriter.MaxListed} of {ReportWriter.MaxListed + 5} shown", ReportWriter.Markdown(Report(items)), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_carries_the_suite_document_and_the_report_data()
    {
        var doc = System.Text.Json.JsonDocument.Parse(ReportWriter.Json(Report(new ItemRow("q1", 1, 10, "ok"), new ItemRow("q2", 1, 55, "ok"), new ItemRow("q3", 1, 95, "ok"))));
        var root = doc.RootElement;
        Assert.Equal("demo", root.GetProperty("suite").GetString());
        Assert.Equal("7", root.GetProperty("runInfo").GetProperty("run").GetString());
        Assert.Equal(30, root.GetProperty("metrics")[0].GetProperty("ci95")[0].GetDouble());
        Assert.Equal("anger", root.GetProperty("tables")[0].GetProperty("rows")[0][0].GetString());
        // three distinct item scores 10, 55, 95 fall in bins 10–20, 50–60 and 90–100
        var bins = root.GetProperty("histogram").EnumerateArray().Where(b => b.GetProperty("count").GetInt32() > 0).Select(b => b.GetProperty("bin").GetString()).ToList();
        Assert.Equal(["10–20", "50–60", "90–100"], bins);
    }

    [Fact]
    public void Two_valued_scores_get_no_histogram()
    {
        Assert.Null(Histogram.Of([0, 100, 100, 0]));
        Assert.NotNull(Histogram.Of([0, 50, 100]));
    }
}
