using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Attune.Running;

/// <summary>
/// The cache key of a request: SHA-256 over provider and model, endpoint (never the API key), the exact messages,
/// temperature, completion limit, attempt number and sample (iteration). Also the canonical messages JSON and its hash.
/// </summary>
public static class RequestKey
{
    /// <summary>The canonical JSON of a request's messages: <c>[{"role":…,"content":…}]</c>.</summary>
    public static string MessagesJson(ModelRequest request)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var m in request.Messages)
            {
                w.WriteStartObject();
                w.WriteString("role", m.Role.Value);
                w.WriteString("content", m.Text);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Hex SHA-256 of a string.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The cache key.</summary>
    public static string For(string providerModel, string endpoint, ModelRequest request, string messagesHash)
    {
        var parts = string.Join("\u001f",
            providerModel,
            endpoint,
            messagesHash,
            request.Temperature?.ToString("R", CultureInfo.InvariantCulture) ?? "-",
            request.MaxTokens?.ToString(CultureInfo.InvariantCulture) ?? "-",
            request.Attempt.ToString(CultureInfo.InvariantCulture),
            request.Sample.ToString(CultureInfo.InvariantCulture));
        return Hash(parts);
    }
}
