namespace Attune.Tests;

/// <summary>Finds the shared specs and datasets (../shared from the repository root); tests that need them skip without them.</summary>
public static class SharedData
{
    private static readonly Lazy<string?> RootDir = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Attune.slnx")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(shared) ? shared : null;
            }
        }
        return null;
    });

    /// <summary>The repository root (the folder holding Attune.slnx).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Attune.slnx"))) return dir.FullName;
            }
            throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>True when ../shared exists.</summary>
    public static bool Available => RootDir.Value is not null;

    /// <summary>The reason given when a test skips.</summary>
    public const string SkipReason = "../shared (specs and public datasets) is absent on this machine";

    /// <summary>A path inside ../shared.</summary>
    public static string Path_(params string[] parts) => Path.Combine([RootDir.Value ?? throw new InvalidOperationException(SkipReason), .. parts]);

    /// <summary>The English EQ-Bench v2 question file.</summary>
    public static string EqEnglish => Path_("data", "eqbench", "eq_bench_v2_questions_171.json");

    /// <summary>The German EQ-Bench v2 question file.</summary>
    public static string EqGerman => Path_("data", "eqbench", "eq_bench_v2_questions_171_de.json");

    /// <summary>The EQ-Bench v2 test vectors.</summary>
    public static string EqVectors => Path_("specs", "eq-bench-v2-vectors.json");
}
