using Microsoft.Extensions.AI;

namespace Attune.Chat;

/// <summary>
/// Request-body fields a protocol needs beyond what <see cref="ChatOptions"/> names (e.g. <c>min_p</c>,
/// <c>reasoning_effort</c>, OpenRouter's <c>provider</c>). A suite sets them on the options; the provider clients that
/// <see cref="Attune.Models.ModelSpec"/> builds send them as top-level JSON fields (OpenAI-compatible servers) and
/// drop them where the provider has no such field. They are part of the cache key.
/// </summary>
public static class ExtraBody
{
    private const string Key = "attune.body";

    /// <summary>A copy of <paramref name="options"/> with a body field added (a number, string, bool, or a JSON text for objects via <see cref="System.Text.Json.Nodes.JsonNode"/>).</summary>
    public static ChatOptions With(ChatOptions options, string field, object value)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.AdditionalProperties = copy.AdditionalProperties is null ? [] : new AdditionalPropertiesDictionary(copy.AdditionalProperties);
        var fields = copy.AdditionalProperties.TryGetValue(Key, out var existing) && existing is SortedDictionary<string, object> old
            ? new SortedDictionary<string, object>(old, StringComparer.Ordinal)
            : new SortedDictionary<string, object>(StringComparer.Ordinal);
        fields[field] = value;
        copy.AdditionalProperties[Key] = fields;
        return copy;
    }

    /// <summary>The body fields a request carries, in name order (empty when none).</summary>
    public static IReadOnlyDictionary<string, object> Of(ChatOptions? options)
        => options?.AdditionalProperties?.TryGetValue(Key, out var v) == true && v is SortedDictionary<string, object> fields ? fields : new SortedDictionary<string, object>();

    /// <summary>Options without the body fields (what a provider adapter may see).</summary>
    public static ChatOptions? Strip(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } props || !props.ContainsKey(Key)) return options;
        var copy = options.Clone();
        var rest = new AdditionalPropertiesDictionary(props);
        rest.Remove(Key);
        copy.AdditionalProperties = rest.Count == 0 ? null : rest;
        return copy;
    }
}
