using System.Security.Cryptography;
using System.Text;
using Attune.Chat;

namespace Attune.Storage;

/// <summary>Everything that defines a run; runs with the same definition share a command key, so the same command resumes.</summary>
/// <param name="Suite">Suite name.</param>
/// <param name="ItemSet">Item source (file path or built-in name).</param>
/// <param name="ItemSetHash">SHA-256 of the items.</param>
/// <param name="Settings">Suite settings as canonical JSON.</param>
/// <param name="Roles">The models of the run's roles; the subject comes first.</param>
public sealed record RunDefinition(string Suite, string ItemSet, string ItemSetHash, string Settings, IReadOnlyList<RoleBinding> Roles)
{
    /// <summary>
    /// The command key: SHA-256 over the suite, item hash, the primary role's model and endpoint, the settings, and then
    /// every other role's name, model and endpoint (so a run with only a subject keys exactly as stores before roles
    /// existed).
    /// </summary>
    public string CommandKey
    {
        get
        {
            var primary = Primary;
            var parts = new List<string> { Suite, ItemSetHash, primary.Model, primary.Endpoint, Settings };
            foreach (var r in Roles.Where(r => r != primary).OrderBy(r => r.Role)) parts.Add($"{r.Role.Name()}={r.Model}@{r.Endpoint}");
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts))));
        }
    }

    /// <summary>The run's primary role: the subject, or the first role of a run without one (a judge-only rating run).</summary>
    public RoleBinding Primary => Roles.FirstOrDefault(r => r.Role == ModelRole.Subject) ?? Roles.FirstOrDefault() ?? throw new InvalidOperationException("a run needs a role");
}
