using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Attune.Chat;
using Microsoft.Extensions.AI;

namespace Attune.Running;

/// <summary>
/// The cache key of a request: SHA-256 over the role's model and endpoint (never the API key), the exact messages (the
/// whole history), temperature, completion limit, attempt and sample, and any further sampling settings the request
/// carries. Also the canonical messages JSON and its hash.
/// </summary>
public static class RequestKey
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The canonical JSON of a request's messages: <c>[{"role":…,"content":…}]</c>.</summary>
    public static string MessagesJson(IEnumerable<ChatMessage> messages)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Relaxed))
        {
            w.WriteStartArray();
            foreach (var m in messages)
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

    /// <summary>The temperature as it enters the key.</summary>
    public static string Temperature(float? temperature) => temperature?.ToString("R", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>The cache key of a request.</summary>
    public static string For(string model, string endpoint, string messagesHash, ChatOptions? options, TrialTag tag)
    {
        var parts = new List<string>
        {
            model,
            endpoint,
            messagesHash,
            Temperature(options?.Temperature),
            options?.MaxOutputTokens?.ToString(CultureInfo.InvariantCulture) ?? "-",
            tag.Attempt.ToString(CultureInfo.InvariantCulture),
            tag.Sample.ToString(CultureInfo.InvariantCulture),
        };
        if (Extras(options) is { } extras) parts.Add(extras);
        return Hash(string.Join("\u001f", parts));
    }

    /// <summary>Sampling settings beyond temperature and completion limit, canonically, or null when there are none.</summary>
    private static string? Extras(ChatOptions? options)
    {
        if (options is null) return null;
        var sb = new StringBuilder();
        void Add(string name, object? value)
        {
            if (value is null) return;
            sb.Append(name).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append(';');
        }
        Add("top_p", options.TopP?.ToString("R", CultureInfo.InvariantCulture));
        Add("top_k", options.TopK);
        Add("frequency_penalty", options.FrequencyPenalty?.ToString("R", CultureInfo.InvariantCulture));
        Add("presence_penalty", options.PresencePenalty?.ToString("R", CultureInfo.InvariantCulture));
        Add("seed", options.Seed);
        if (options.StopSequences is { Count: > 0 } stop) Add("stop", string.Join("\u001e", stop));
        if (options.ResponseFormat is ChatResponseFormatJson) Add("format", "json");
        foreach (var (k, v) in ExtraBody.Of(options)) Add("body." + k, v is System.Text.Json.Nodes.JsonNode node ? node.ToJsonString() : v is IFormattable bf ? bf.ToString(null, CultureInfo.InvariantCulture) : v);
        var rest = ExtraBody.Strip(TrialTag.Strip(options));
        if (rest?.AdditionalProperties is { Count: > 0 } props)
        {
            foreach (var (k, v) in props.OrderBy(p => p.Key, StringComparer.Ordinal)) Add(k, v is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : v);
        }
        return sb.Length == 0 ? null : sb.ToString();
    }
}
