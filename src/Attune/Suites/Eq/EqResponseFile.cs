using System.Text.Json;

namespace Attune.Suites.Eq;

/// <summary>
/// Reads responses for offline scoring: JSON Lines of <c>{"id": "&lt;question id&gt;", "iteration": n, "response": "…"}</c>.
/// Each response counts as what every attempt returned, so the acceptance rule decides what is stored.
/// </summary>
public static class EqResponseFile
{
    /// <summary>The highest iteration a response file may name (as <c>--iterations</c> allows).</summary>
    public const int MaxIterations = 1000;

    /// <summary>Reads the file; any bad line is an <see cref="InputException"/> naming the file and line.</summary>
    /// <returns>The responses by (id, iteration) and the number of iterations (the highest iteration seen).</returns>
    public static (IReadOnlyDictionary<(string Id, int Iteration), IReadOnlyList<string>> Responses, int Iterations) Load(string path, EqQuestionSet questions)
    {
        if (Directory.Exists(path)) throw new InputException($"{path}: is a folder; give a responses file (JSON Lines)");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{path}: responses file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read responses file: {ex.Message}");
        }
        var ids = new HashSet<string>(questions.Questions.Select(q => q.Id), StringComparer.Ordinal);
        var map = new Dictionary<(string, int), IReadOnlyList<string>>();
        int iterations = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line)) continue;
            string where = $"{path}:{i + 1}";
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                throw new InputException($"{where}: not a valid JSON object (broken or truncated line)");
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new InputException($"{where}: expected a JSON object");
                if (!root.TryGetProperty("id", out var idEl)) throw new InputException($"{where}: missing field \"id\"");
                string id = idEl.ValueKind switch
                {
                    JsonValueKind.String => idEl.GetString()!,
                    JsonValueKind.Number => idEl.GetRawText(),
                    _ => throw new InputException($"{where}: field \"id\" must be a string"),
                };
                if (!ids.Contains(id)) throw new InputException($"{where}: question id \"{id}\" is not in {questions.Source}");
                int iteration = 1;
                if (root.TryGetProperty("iteration", out var itEl) && itEl.ValueKind != JsonValueKind.Null)
                {
                    bool ok = itEl.ValueKind switch
                    {
                        JsonValueKind.Number => itEl.TryGetInt32(out iteration),
                        JsonValueKind.String => int.TryParse(itEl.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out iteration),
                        _ => false,
                    };
                    if (!ok || iteration < 1 || iteration > MaxIterations) throw new InputException($"{where}: field \"iteration\" must be a whole number from 1 to {MaxIterations}");
                }
                if (!root.TryGetProperty("response", out var respEl) || respEl.ValueKind != JsonValueKind.String)
                {
                    throw new InputException($"{where}: missing string field \"response\"");
                }
                if (!map.TryAdd((id, iteration), [respEl.GetString()!]))
                {
                    throw new InputException($"{where}: a second response for question \"{id}\" iteration {iteration}");
                }
                iterations = Math.Max(iterations, iteration);
            }
        }
        if (map.Count == 0) throw new InputException($"{path}: no responses in the file");
        return (map, iterations);
    }
}
