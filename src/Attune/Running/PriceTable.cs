using System.Text.Json;
using Attune.Storage;

namespace Attune.Running;

/// <summary>
/// A user-editable price table (<c>$ATTUNE_HOME/prices.json</c>): model spec → US dollars per million input and
/// output tokens, e.g. <c>{"openai:gpt-4o-mini": {"input": 0.15, "output": 0.60}}</c>. Attune ships no prices; costs
/// appear only for models the user lists.
/// </summary>
public sealed class PriceTable
{
    private readonly Dictionary<string, (double Input, double Output)> _prices;

    private PriceTable(Dictionary<string, (double, double)> prices) => _prices = prices;

    /// <summary>The default location: <c>$ATTUNE_HOME/prices.json</c>.</summary>
    public static string DefaultPath() => Path.Combine(Path.GetDirectoryName(RunStores.DefaultPath())!, "prices.json");

    /// <summary>Loads the table; a missing file is an empty table, a malformed one an <see cref="InputException"/>.</summary>
    public static PriceTable Load(string? path = null)
    {
        path ??= DefaultPath();
        var prices = new Dictionary<string, (double, double)>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path)) return new PriceTable(prices);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (!entry.Value.TryGetProperty("input", out var input) || !entry.Value.TryGetProperty("output", out var output)
                    || input.ValueKind != JsonValueKind.Number || output.ValueKind != JsonValueKind.Number)
                {
                    throw new InputException($"{path}: \"{entry.Name}\" needs numeric \"input\" and \"output\" (US$ per million tokens)");
                }
                prices[entry.Name] = (input.GetDouble(), output.GetDouble());
            }
        }
        catch (JsonException ex)
        {
            throw new InputException($"{path}: not valid JSON at line {(ex.LineNumber ?? 0) + 1}");
        }
        catch (InvalidOperationException)
        {
            throw new InputException($"{path}: expected an object of model → {{\"input\", \"output\"}}");
        }
        return new PriceTable(prices);
    }

    /// <summary>The cost in US dollars of tokens asked of a model, or null when the model has no price.</summary>
    public double? CostOf(string model, long inputTokens, long outputTokens)
        => _prices.TryGetValue(model, out var p) ? ((inputTokens * p.Input) + (outputTokens * p.Output)) / 1_000_000 : null;

    /// <summary>The cost in US dollars of the tokens a run asked of all its roles' models, or null when none of them has a price.</summary>
    public double? CostOf(RunUsage usage)
    {
        double? total = null;
        foreach (var r in usage.Roles)
        {
            if (CostOf(r.Model, r.InputTokens, r.OutputTokens) is { } c) total = (total ?? 0) + c;
        }
        return total;
    }
}
