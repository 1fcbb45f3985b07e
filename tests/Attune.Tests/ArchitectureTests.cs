using System.Text.RegularExpressions;

namespace Attune.Tests;

/// <summary>
/// Fails when a namespace of the library uses one it must never use (the seams of docs/architecture.md), read from the
/// source: every <c>using</c> and every qualified <c>Attune.X</c> name outside comments counts.
/// </summary>
public partial class ArchitectureTests
{
    private static readonly (string From, string[] Never)[] Rules =
    [
        ("Suites", ["Running", "Storage", "Cli", "Web"]),
        ("Emotions", ["Running", "Storage", "Cli", "Web"]),
        ("Guard", ["Running", "Storage", "Cli", "Web"]),
        ("Storage", ["Suites", "Running", "Reporting"]),
        ("Statistics", ["Chat", "Emotions", "Models", "Reporting", "Running", "Storage", "Suites", "Text", "Guard", "Cli", "Web"]),
        ("Reporting", ["Running", "Storage"]),
        ("Chat", ["Running", "Storage", "Suites", "Reporting"]),
        ("Text", ["Chat", "Emotions", "Models", "Reporting", "Running", "Storage", "Suites"]),
        ("Evaluation", ["Running", "Storage", "Cli", "Web"]),
    ];

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?(?:\w+\s*=\s*)?Attune\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingAttune();

    [GeneratedRegex(@"\bAttune\.(\w+)\.")]
    private static partial Regex QualifiedAttune();

    [GeneratedRegex(@"//.*$|/\*[\s\S]*?\*/", RegexOptions.Multiline)]
    private static partial Regex Comments();

    private static string LibraryRoot => Path.Combine(SharedData.RepoRoot, "src", "Attune");

    private static IEnumerable<(string Namespace, string File, string Code)> Sources()
    {
        foreach (var file in Directory.EnumerateFiles(LibraryRoot, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(LibraryRoot, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal)) continue;
            var parts = relative.Split(Path.DirectorySeparatorChar);
            var ns = parts.Length > 1 ? parts[0] : "";
            yield return (ns, relative, Comments().Replace(File.ReadAllText(file), ""));
        }
    }

    private static HashSet<string> Uses(string code)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in UsingAttune().Matches(code)) used.Add(m.Groups[1].Value);
        foreach (Match m in QualifiedAttune().Matches(code)) used.Add(m.Groups[1].Value);
        return used;
    }

    [Fact]
    public void No_namespace_uses_one_it_must_never_use()
    {
        var violations = new List<string>();
        foreach (var (ns, file, code) in Sources())
        {
            var used = Uses(code);
            foreach (var (from, never) in Rules)
            {
                if (ns != from) continue;
                violations.AddRange(never.Where(used.Contains).Select(n => $"{file}: {from} uses {n}"));
            }
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void The_rules_see_a_use_when_there_is_one()
    {
        // the checker itself must be able to fail: a file that imports a forbidden namespace is seen, a comment is not
        Assert.Contains("Running", Uses("using Attune.Running;\nclass X {}"));
        Assert.Contains("Storage", Uses("class X { Attune.Storage.RunRecord? r; }"));
        Assert.DoesNotContain("Storage", Uses(Comments().Replace("// see Attune.Storage.RunRecord\nclass X {}", "")));
    }

    [Fact]
    public void The_dashboard_reads_the_store_only_through_the_library()
    {
        var web = Path.Combine(SharedData.RepoRoot, "src", "Attune.Web");
        foreach (var file in Directory.EnumerateFiles(web, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var code = Comments().Replace(File.ReadAllText(file), "");
            Assert.False(code.Contains("Microsoft.Data.Sqlite", StringComparison.Ordinal) || code.Contains("SqliteRunStore", StringComparison.Ordinal) || code.Contains("RunStores.Open(", StringComparison.Ordinal),
                $"{Path.GetRelativePath(web, file)} reaches the store other than read-only through the library");
        }
    }

    [Fact]
    public void The_library_uses_neither_the_console_nor_asp_net()
    {
        var referenced = typeof(Attune.Storage.IRunStore).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain("System.Console", referenced);
        Assert.DoesNotContain(referenced, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        foreach (var (_, file, code) in Sources())
        {
            Assert.False(code.Contains("Console.", StringComparison.Ordinal), $"{file} writes to the console");
        }
    }
}
