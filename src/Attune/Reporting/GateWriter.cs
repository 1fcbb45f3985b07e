using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Attune.Reporting;

/// <summary>
/// Gate results for CI pipelines: a Markdown summary fit for a job summary (GitHub's <c>GITHUB_STEP_SUMMARY</c>, Azure
/// DevOps) and JUnit XML with one test case per gate, so any CI shows the result in its test tab.
/// </summary>
public static class GateWriter
{
    /// <summary>A Markdown summary: a title, the figures as a table, and each gate with ✅ or ❌.</summary>
    /// <param name="title">What was run or compared.</param>
    /// <param name="figures">Figure name → value as shown.</param>
    /// <param name="gates">The gates.</param>
    public static string Markdown(string title, IReadOnlyList<KeyValuePair<string, string>> figures, IReadOnlyList<GateOutcome> gates)
    {
        var sb = new StringBuilder();
        sb.Append("### ").Append(gates.All(g => g.Passed) ? "✅ " : "❌ ").AppendLine(ReportWriter.Md(title)).AppendLine();
        sb.AppendLine("| figure | value |").AppendLine("|---|---|");
        foreach (var (k, v) in figures) sb.Append("| ").Append(ReportWriter.Md(k)).Append(" | ").Append(ReportWriter.Md(v)).AppendLine(" |");
        sb.AppendLine();
        foreach (var g in gates) sb.Append("- ").Append(g.Passed ? "✅ " : "❌ ").Append("**").Append(ReportWriter.Md(g.Name)).Append("**: ").AppendLine(ReportWriter.Md(g.Message));
        return sb.AppendLine().ToString();
    }

    /// <summary>JUnit XML: one test suite named after <paramref name="suite"/>, one test case per gate (a failure element when it failed).</summary>
    public static string JUnit(string suite, IReadOnlyList<GateOutcome> gates)
    {
        var cases = gates.Select(g => new XElement("testcase",
            new XAttribute("classname", "attune." + suite), new XAttribute("name", g.Name), new XAttribute("time", "0"),
            g.Passed ? new XElement("system-out", g.Message) : new XElement("failure", new XAttribute("message", g.Message), g.Message)));
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XElement("testsuite",
                    new XAttribute("name", "attune." + suite),
                    new XAttribute("tests", gates.Count.ToString(CultureInfo.InvariantCulture)),
                    new XAttribute("failures", gates.Count(g => !g.Passed).ToString(CultureInfo.InvariantCulture)),
                    new XAttribute("errors", "0"),
                    cases)));
        var sb = new StringBuilder();
        using (var writer = new Utf8StringWriter(sb)) doc.Save(writer);
        return sb.ToString();
    }

    private sealed class Utf8StringWriter(StringBuilder sb) : StringWriter(sb, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
