using System.Security.Cryptography;
using System.Text;

namespace Attune.Storage;

/// <summary>Everything that defines a run; runs with the same definition share a command key, so the same command resumes.</summary>
/// <param name="Suite">Suite name.</param>
/// <param name="ItemSet">Item source (file path or built-in name).</param>
/// <param name="ItemSetHash">SHA-256 of the items.</param>
/// <param name="Model">Model spec (never a key).</param>
/// <param name="Endpoint">Endpoint (never a key).</param>
/// <param name="Settings">Suite settings as canonical JSON.</param>
public sealed record RunDefinition(string Suite, string ItemSet, string ItemSetHash, string Model, string Endpoint, string Settings)
{
    /// <summary>The command key: SHA-256 over the suite, item hash, model, endpoint and settings.</summary>
    public string CommandKey
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", Suite, ItemSetHash, Model, Endpoint, Settings))));
}
