using System.Reflection;
using System.Security.Cryptography;

namespace Attune.Suites;

/// <summary>
/// Attune's own folder-shaped item sets (the same layout as the public benchmarks', so one loader reads both), embedded
/// in the library and written out once per content hash to a temporary folder the loaders read like any user folder.
/// </summary>
public static class BuiltInFolder
{
    private static readonly Lock Gate = new();

    /// <summary>The folder holding the embedded set (e.g. <c>safety</c>, <c>eq3</c>), written out when needed.</summary>
    public static string Path(string set)
    {
        var assembly = typeof(BuiltInFolder).Assembly;
        var prefix = $"Attune.Data/{set}/";
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0) throw new InvalidOperationException($"no embedded files for the built-in set {set}");
        var files = names.Select(n => (Relative: n[prefix.Length..].Replace('\\', '/'), Bytes: Read(assembly, n))).ToList();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (relative, bytes) in files)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(relative + "\n"));
            sha.AppendData(bytes);
        }
        var hash = Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
        var target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "attune-builtin", $"{set}-{hash}");
        lock (Gate)
        {
            if (Directory.Exists(target)) return target;
            var staging = target + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
            foreach (var (relative, bytes) in files)
            {
                var path = System.IO.Path.Combine(staging, relative);
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, bytes);
            }
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                Directory.Delete(staging, recursive: true); // another process wrote the same content first
            }
            return target;
        }
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }
}
