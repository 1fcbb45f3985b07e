using System.Text.RegularExpressions;

namespace Attune.Chat;

/// <summary>
/// Removes secrets from text that came from a server or an SDK before it is printed or stored: bearer tokens, API-key
/// shaped strings (<c>sk-…</c>, <c>key=…</c>) and the values of the API-key variables set in this process.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>The environment variables whose values are never shown.</summary>
    public static IReadOnlyList<string> KeyVariables { get; } = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "ATTUNE_API_KEY", "PGPASSWORD"];

    [GeneratedRegex(@"(?i)\bbearer\s+[^\s""',;]+")]
    private static partial Regex Bearer();

    [GeneratedRegex(@"\b(?:sk|pk|rk)-[A-Za-z0-9_\-]{6,}")]
    private static partial Regex KeyShaped();

    [GeneratedRegex(@"(?i)\b(api[_-]?key|x-api-key|access[_-]?token|password|secret)(\s*[=:]\s*)[^\s""',;&]+")]
    private static partial Regex Assignment();

    /// <summary>The text with every secret replaced by <c>[redacted]</c>.</summary>
    public static string Redact(string text, Func<string, string?>? environment = null)
    {
        if (string.IsNullOrEmpty(text)) return text;
        environment ??= Environment.GetEnvironmentVariable;
        foreach (var name in KeyVariables)
        {
            if (environment(name) is { Length: >= 6 } value) text = text.Replace(value, "[redacted]", StringComparison.Ordinal);
        }
        text = Bearer().Replace(text, "Bearer [redacted]");
        text = KeyShaped().Replace(text, "[redacted]");
        return Assignment().Replace(text, m => m.Groups[1].Value + m.Groups[2].Value + "[redacted]");
    }
}
