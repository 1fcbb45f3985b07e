using Attune.Text;
using System.Globalization;
using System.Text.Json;

namespace Attune.Emotions;

/// <summary>
/// What <see cref="OnnxEstimator"/> needs from a Hugging Face <c>config.json</c>: the label names in id order
/// (<c>id2label</c>), whether the labels are independent (<c>problem_type</c>), and the model's limits.
/// </summary>
internal sealed class ClassifierConfig
{
    /// <summary>The <c>problem_type</c> of a classifier whose labels are scored independently by a sigmoid.</summary>
    public const string MultiLabelProblemType = "multi_label_classification";

    /// <summary>The <c>problem_type</c> of a classifier whose labels compete in a softmax.</summary>
    public const string SingleLabelProblemType = "single_label_classification";

    private ClassifierConfig(IReadOnlyList<string> labels, bool multiLabel, int? maxPositionEmbeddings, int? padTokenId)
    {
        Labels = labels;
        MultiLabel = multiLabel;
        MaxPositionEmbeddings = maxPositionEmbeddings;
        PadTokenId = padTokenId;
    }

    /// <summary>The label names, in id order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>True for <c>multi_label_classification</c>; false for single-label (softmax) classification.</summary>
    public bool MultiLabel { get; }

    /// <summary><c>max_position_embeddings</c>, when given.</summary>
    public int? MaxPositionEmbeddings { get; }

    /// <summary><c>pad_token_id</c>, when given.</summary>
    public int? PadTokenId { get; }

    /// <summary>Reads a <c>config.json</c>.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="InputException">The file is missing, is not JSON, or lacks a valid <c>id2label</c>.</exception>
    public static ClassifierConfig Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: file not found (the model folder needs a Hugging Face config.json with id2label).");
        }

        JsonDocument document;
        try
        {
            using FileStream stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: not valid JSON ({TextLines.OneLine(e.Message)}).", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{path}: expected a JSON object.");
            }

            return new ClassifierConfig(
                ReadLabels(path, root),
                ReadMultiLabel(path, root),
                ReadPositiveInt(path, root, "max_position_embeddings"),
                ReadNonNegativeInt(path, root, "pad_token_id"));
        }
    }

    private static string[] ReadLabels(string path, JsonElement root)
    {
        if (!root.TryGetProperty("id2label", out JsonElement id2label) || id2label.ValueKind == JsonValueKind.Null)
        {
            throw new InputException($"{path}: no id2label (the label names of the classifier, by id).");
        }

        if (id2label.ValueKind != JsonValueKind.Object)
        {
            throw new InputException($"{path}: id2label must be an object mapping ids to label names.");
        }

        var byId = new SortedDictionary<int, string>();
        foreach (JsonProperty entry in id2label.EnumerateObject())
        {
            if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                throw new InputException($"{path}: id2label key '{entry.Name}' is not a label id (0, 1, 2, ...).");
            }

            string? label = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null;
            if (string.IsNullOrWhiteSpace(label))
            {
                throw new InputException($"{path}: id2label[{id}] is not a label name.");
            }

            if (!byId.TryAdd(id, label))
            {
                throw new InputException($"{path}: id2label gives id {id} more than once.");
            }
        }

        if (byId.Count == 0)
        {
            throw new InputException($"{path}: id2label is empty.");
        }

        if (byId.Keys.Last() != byId.Count - 1)
        {
            throw new InputException($"{path}: id2label ids must run from 0 to {byId.Count - 1} without gaps.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((int id, string label) in byId)
        {
            if (!seen.Add(label))
            {
                throw new InputException($"{path}: id2label names '{label}' more than once (again at id {id}).");
            }
        }

        return byId.Values.ToArray();
    }

    private static bool ReadMultiLabel(string path, JsonElement root)
    {
        if (!root.TryGetProperty("problem_type", out JsonElement problemType) || problemType.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        string? value = problemType.ValueKind == JsonValueKind.String ? problemType.GetString() : null;
        return value switch
        {
            MultiLabelProblemType => true,
            SingleLabelProblemType => false,
            _ => throw new InputException(
                $"{path}: problem_type '{value ?? problemType.GetRawText()}' is not supported (expected {SingleLabelProblemType} or {MultiLabelProblemType})."),
        };
    }

    private static int? ReadPositiveInt(string path, JsonElement root, string name)
    {
        int? value = ReadNonNegativeInt(path, root, name);
        return value == 0 ? throw new InputException($"{path}: {name} must be a positive integer.") : value;
    }

    private static int? ReadNonNegativeInt(string path, JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out int value) || value < 0)
        {
            throw new InputException($"{path}: {name} must be a non-negative integer, not {element.GetRawText()}.");
        }

        return value;
    }
}
