using System.Globalization;
using System.Text.Json.Nodes;
using Attune.Chat;
using Attune.Storage;

namespace Attune.Running;

/// <summary>A stored run with its accounting: what <c>runs list</c>, <c>runs show</c> and the dashboard print.</summary>
/// <param name="Run">The run.</param>
/// <param name="Usage">Tokens per role.</param>
/// <param name="Cost">US dollars for the models priced in <c>prices.json</c>, or null.</param>
public sealed record RunSummary(RunRecord Run, RunUsage Usage, double? Cost)
{
    /// <summary>The summary as a JSON object (typed values; never a key).</summary>
    public JsonObject ToJson()
    {
        var r = Run;
        var metrics = new JsonObject();
        foreach (var (k, v) in r.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal)) metrics[k] = v;
        return new JsonObject
        {
            ["id"] = r.Id,
            ["suite"] = r.Suite,
            ["model"] = r.Model,
            ["endpoint"] = r.Endpoint,
            ["items"] = r.ItemSet,
            ["itemSetHash"] = r.ItemSetHash,
            ["settings"] = JsonNode.Parse(r.Settings),
            ["status"] = r.Status.Name(),
            ["startedAt"] = r.StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["endedAt"] = r.EndedAt?.ToString("O", CultureInfo.InvariantCulture),
            ["score"] = r.Score,
            ["parseable"] = r.Metrics.TryGetValue("parseable", out var p) ? p : null,
            ["metrics"] = metrics,
            ["error"] = r.Error,
            ["answers"] = Usage.Requests,
            ["asked"] = Usage.NewRequests,
            ["inputTokens"] = Usage.InputTokens,
            ["outputTokens"] = Usage.OutputTokens,
            ["transportFailures"] = Usage.TransportFailures,
            ["cost"] = Cost,
            ["roles"] = new JsonArray([.. r.Roles.Select(b =>
            {
                var u = Usage.Roles.FirstOrDefault(x => x.Role == b.Role);
                return (JsonNode)new JsonObject
                {
                    ["role"] = b.Role.Name(), ["model"] = b.Model, ["endpoint"] = b.Endpoint,
                    ["answers"] = u?.Answers ?? 0, ["asked"] = u?.Asked ?? 0, ["inputTokens"] = u?.InputTokens ?? 0, ["outputTokens"] = u?.OutputTokens ?? 0,
                };
            })]),
        };
    }
}
