using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Attune.Guard;
using Microsoft.Extensions.AI;

namespace Attune.Proxy;

/// <summary>The OpenAI chat-completions wire format: reading requests, writing errors, responses and stream chunks.</summary>
internal static class OpenAIWire
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool", "function" };

    /// <summary>An error body in OpenAI's shape.</summary>
    public static string Error(string message, string type, string? param = null) =>
        new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = null },
        }.ToJsonString();

    /// <summary>Reads and checks a request body; a problem is returned as (message, param).</summary>
    public static (JsonObject? Body, List<ChatMessage>? Messages, string? Error, string? Param) Read(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, null, "The request body is not valid JSON: " + ex.Message, null);
        }

        if (node is not JsonObject body) return (null, null, "The request body must be a JSON object.", null);
        if (body["model"] is not JsonValue model || !model.TryGetValue<string>(out var m) || m.Length == 0)
        {
            return (null, null, "'model' is required and must be a string.", "model");
        }

        if (body["messages"] is not JsonArray array || array.Count == 0)
        {
            return (null, null, "'messages' is required and must be a non-empty array.", "messages");
        }

        if (body["stream"] is { } stream && stream.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
        {
            return (null, null, "'stream' must be a boolean.", "stream");
        }

        var messages = new List<ChatMessage>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject message || message["role"] is not JsonValue roleValue || !roleValue.TryGetValue<string>(out var role) || !Roles.Contains(role))
            {
                return (null, null, $"messages[{i}] must be an object with a role of system, developer, user, assistant or tool.", $"messages[{i}].role");
            }

            string content;
            switch (message["content"])
            {
                case null:
                    if (role != "assistant") return (null, null, $"messages[{i}].content is required.", $"messages[{i}].content");
                    content = "";
                    break;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    content = s;
                    break;
                case JsonArray parts:
                    content = string.Concat(parts.Select(p => p?["type"]?.GetValue<string>() == "text" ? p["text"]?.GetValue<string>() ?? "" : ""));
                    break;
                default:
                    return (null, null, $"messages[{i}].content must be a string or an array of content parts.", $"messages[{i}].content");
            }

            messages.Add(new ChatMessage(new ChatRole(role == "developer" ? "system" : role), content) { RawRepresentation = message });
        }

        return (body, messages, null, null);
    }

    /// <summary>A stable id for a conversation without one: a hash of its first system and user messages.</summary>
    public static string ConversationId(IReadOnlyList<ChatMessage> messages)
    {
        var first = string.Join("\n", messages.Where(m => m.Role == ChatRole.System).Take(1).Concat(messages.Where(m => m.Role == ChatRole.User).Take(1)).Select(m => m.Role.Value + ":" + m.Text));
        return "h:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(first)))[..16];
    }

    /// <summary>The response body: the upstream's own JSON when the reply is the upstream's, with the content replaced when the guard replaced it.</summary>
    public static JsonObject Response(ChatResponse response, string model)
    {
        if (response.RawRepresentation is JsonObject raw)
        {
            var copy = (JsonObject)raw.DeepClone();
            var upstreamText = copy["choices"]?[0]?["message"]?["content"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
            if (upstreamText != response.Text && copy["choices"]?[0] is JsonObject choice)
            {
                choice["message"] = new JsonObject { ["role"] = "assistant", ["content"] = response.Text };
                choice["finish_reason"] = "stop";
            }

            return copy;
        }

        return new JsonObject
        {
            ["id"] = response.ResponseId ?? "chatcmpl-attune-" + Guid.NewGuid().ToString("N"),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = response.ModelId ?? model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = response.Text },
                ["finish_reason"] = "stop",
            }),
        };
    }

    /// <summary>A stream chunk for an update: the upstream's own chunk when it has one, else one built from the update.</summary>
    public static JsonObject Chunk(ChatResponseUpdate update, string model, string id)
    {
        if (update.RawRepresentation is JsonObject raw) return raw;
        return new JsonObject
        {
            ["id"] = update.ResponseId ?? id,
            ["object"] = "chat.completion.chunk",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = update.ModelId ?? model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["delta"] = new JsonObject { ["role"] = "assistant", ["content"] = update.Text },
                ["finish_reason"] = update.FinishReason?.Value,
            }),
        };
    }

    /// <summary>The verdict header: <c>action=blocked; criteria=fostering_dependence:0.93,guilt_tripping:0.61; assessor=local; regenerations=0</c>.</summary>
    public static string Header(GuardVerdict verdict)
    {
        var criteria = verdict.Assessment?.Findings is { Count: > 0 } findings
            ? string.Join(",", findings.Select(f => f.Criterion + ":" + f.Strength.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))
            : "none";
        return $"action={verdict.ActionName}; criteria={criteria}; assessor={verdict.Assessor}; regenerations={verdict.Regenerations}";
    }

    /// <summary>The verdict as the extra JSON field <c>attune_guard</c>.</summary>
    public static JsonObject Field(GuardVerdict verdict)
    {
        var findings = new JsonArray();
        foreach (var f in verdict.Assessment?.Findings ?? [])
        {
            findings.Add(new JsonObject { ["criterion"] = f.Criterion, ["strength"] = Math.Round(f.Strength, 4), ["snippet"] = f.Snippet });
        }

        var field = new JsonObject
        {
            ["action"] = verdict.ActionName,
            ["assessor"] = verdict.Assessor,
            ["flagged"] = verdict.IsFlagged,
            ["findings"] = findings,
            ["regenerations"] = verdict.Regenerations,
        };
        if (verdict.Error is not null) field["error"] = verdict.Error;
        return field;
    }

    /// <summary>The emotion header: <c>sadness 0.71, fear 0.42; trend=rising_distress</c>.</summary>
    public static string EmotionHeader(EmotionalContext context)
    {
        var labels = context.Latest.Top(3).Where(l => l.Score >= 0.1).Select(l => l.Label + " " + l.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        var trend = context.Trend switch
        {
            EmotionalTrend.RisingDistress => "rising_distress",
            EmotionalTrend.Easing => "easing",
            EmotionalTrend.Steady => "steady",
            _ => "unknown",
        };
        return string.Join(", ", labels.DefaultIfEmpty("neutral")) + "; trend=" + trend;
    }
}
