namespace Attune.Tests.Emotions;

/// <summary>
/// A fact that needs a file under the project's shared folder (<c>../shared</c> from the folder holding Attune.slnx);
/// it is skipped, with the reason, when that file is absent.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="relativePath">The file's path under the shared folder, e.g. <c>data/goemotions/emotions.txt</c>.</param>
    public SharedDataFactAttribute(string relativePath)
    {
        if (SharedDataFactAttribute.Find(relativePath) is null)
        {
            Skip = $"Shared data file '{relativePath}' not found (looked for ../shared next to the folder holding Attune.slnx).";
        }
    }

    /// <summary>The full path of a file under the shared folder, or null when it is absent.</summary>
    /// <param name="relativePath">The file's path under the shared folder.</param>
    /// <returns>The full path, or null.</returns>
    public static string? Find(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Attune.slnx")))
            {
                string path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", relativePath));
                return File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}
