using System.Xml.Linq;

namespace Attune.Cli.Tests;

/// <summary>
/// A fact that packs the tool from the NuGet cache alone (no network): skipped with a reason when a package the tool
/// needs is not in the cache, or when the repository's sources are not beside the test build.
/// </summary>
public sealed class OfflinePackFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when packing offline is impossible on this machine.</summary>
    public OfflinePackFactAttribute()
    {
        if (MissingReason() is { } reason) Skip = reason;
    }

    /// <summary>The global packages folder (NUGET_PACKAGES, else ~/.nuget/packages).</summary>
    public static string PackagesFolder => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
        ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string? MissingReason()
    {
        string root;
        try
        {
            root = SharedData.RepoRoot;
        }
        catch (InvalidOperationException)
        {
            return "the repository's sources are not beside the test build";
        }
        var versions = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);
        foreach (var project in new[] { Path.Combine(root, "src", "Attune", "Attune.csproj"), Path.Combine(root, "src", "Attune.Cli", "Attune.Cli.csproj") })
        {
            foreach (var reference in XDocument.Load(project).Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!))
            {
                var folder = Path.Combine(PackagesFolder, reference.ToLowerInvariant(), versions[reference]);
                if (!Directory.Exists(folder))
                {
                    return $"dotnet pack needs {reference} {versions[reference]}, which is not in the NuGet cache ({PackagesFolder}); this test never downloads (restore the solution once with network access)";
                }
            }
        }
        return null;
    }
}
