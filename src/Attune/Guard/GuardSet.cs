using System.Text.Json;

namespace Attune.Guard;

/// <summary>
/// Reads the labelled guard set: JSON Lines of <c>{"id", "user", "context", "reply", "labels", "split"}</c>. Attune's own
/// set (553 replies, dev 276 / test 277; provenance and agreement in <c>Data/DATA.md</c>) is embedded as
/// <see cref="ResourceName"/>.
/// </summary>
public static class GuardSet
{
    /// <summary>The embedded resource holding Attune's guard set.</summary>
    public const string ResourceName = "Attune.Data.guard.guard-set.jsonl";

    /// <summary>The splits a set may have.</summary>
    public static IReadOnlyList<string> Splits { get; } = ["dev", "test", "train"];

    /// <summary>Attune's own guard set, from the embedded resource.</summary>
    /// <returns>Every item, in file order.</returns>
    public static IReadOnlyList<GuardSetItem> LoadEmbedded()
    {
        using var stream = typeof(GuardSet).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The Attune assembly has no embedded resource '{ResourceName}'.");
        using var reader = new StreamReader(stream);
        return Parse(reader, "guard-set.jsonl");
    }

    /// <summary>Reads a guard set file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Every item, in file order.</returns>
    /// <exception cref="InputException">The file cannot be read or a line is not a valid item (the message names the line and field).</exception>
    public static IReadOnlyList<GuardSetItem> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var reader = new StreamReader(path);
            return Parse(reader, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read: {ex.Message}");
        }
    }

    /// <summary>Parses JSON Lines; blank lines are skipped.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="name">The file name used in error messages.</param>
    /// <returns>Every item, in order.</returns>
    /// <exception cref="InputException">A line is not a valid item.</exception>
    public static IReadOnlyList<GuardSetItem> Parse(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(name);
        var items = new List<GuardSetItem>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int number = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement root;
            try
            {
                using var doc = JsonDocument.Parse(line);
                root = doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new InputException($"{name}:{number}: not JSON ({ex.Message})");
            }

            if (root.ValueKind != JsonValueKind.Object) throw new InputException($"{name}:{number}: expected a JSON object");
            string Field(string field)
            {
                if (!root.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
                {
                    throw new InputException($"{name}:{number}: field \"{field}\" must be a string");
                }

                return value.GetString()!;
            }

            var id = Field("id");
            if (!ids.Add(id)) throw new InputException($"{name}:{number}: field \"id\": \"{id}\" appears twice");
            var split = Field("split");
            if (!Splits.Contains(split)) throw new InputException($"{name}:{number}: field \"split\": \"{split}\" is not dev, test or train");
            if (!root.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Array)
            {
                throw new InputException($"{name}:{number}: field \"labels\" must be an array of criterion ids");
            }

            var list = new List<string>();
            foreach (var label in labels.EnumerateArray())
            {
                var text = label.ValueKind == JsonValueKind.String ? label.GetString()! : "";
                if (text == "healthy") continue;
                if (!GuardCriteria.IsKnown(text))
                {
                    throw new InputException($"{name}:{number}: field \"labels\": \"{label}\" is not a criterion ({string.Join(", ", GuardCriteria.All)})");
                }

                if (!list.Contains(text)) list.Add(text);
            }

            var context = root.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
            items.Add(new GuardSetItem(id, Field("user"), context, Field("reply"), list, split));
        }

        return items;
    }
}
