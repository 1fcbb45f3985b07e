using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Attune.Text;

namespace Attune.Suites.Eq3;

/// <summary>
/// A leaderboard read from a runs file and an Elo file of the reference's shapes (§6): the canonical
/// <c>canonical_leaderboard_results.json.gz</c> and <c>canonical_leaderboard_elo_results.json.gz</c>, or local
/// <c>eqbench3_runs.json</c> / <c>elo_results_eqbench3.json</c>. A <c>.gz</c> name means gzip. With it a new model's
/// transcripts can be compared with the ladder's and placed on it.
/// </summary>
public sealed class Eq3Leaderboard
{
    private Eq3Leaderboard(IReadOnlyDictionary<string, IReadOnlyList<Eq3Task>> tasks, IReadOnlyDictionary<string, double> ratings, IReadOnlyList<Eq3Comparison> comparisons)
    {
        Tasks = tasks;
        Ratings = ratings;
        Comparisons = comparisons;
    }

    /// <summary>
    /// Each model's comparable tasks (§4.1 collection: role-play/drafting <c>completed</c> or <c>rubric_scored</c> with a
    /// debrief, analysis <c>scenario_completed</c> or <c>rubric_scored</c>, non-empty history); a later run of the same
    /// model replaces an earlier one's task for the same (scenario, iteration).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Eq3Task>> Tasks { get; }

    /// <summary>Each rated model's stored <c>elo</c> (1200 when the entry has none).</summary>
    public IReadOnlyDictionary<string, double> Ratings { get; }

    /// <summary><c>__metadata__.global_pairwise_comparisons</c>, in stored order, error records included.</summary>
    public IReadOnlyList<Eq3Comparison> Comparisons { get; }

    /// <summary>Reads the two files; either may be null to read only the other.</summary>
    /// <param name="runsPath">The runs file, or null.</param>
    /// <param name="eloPath">The Elo file, or null.</param>
    public static Eq3Leaderboard Load(string? runsPath, string? eloPath)
    {
        var tasks = runsPath is null ? [] : ReadTasks(ReadObject(runsPath));
        var ratings = new Dictionary<string, double>(StringComparer.Ordinal);
        var comparisons = new List<Eq3Comparison>();
        if (eloPath is not null)
        {
            var elo = ReadObject(eloPath);
            foreach (var (key, value) in elo)
            {
                if (key == "__metadata__") continue;
                ratings[key] = value is JsonObject entry && Number(entry["elo"]) is double e ? e : 1200;
            }
            if (elo["__metadata__"] is JsonObject meta && meta["global_pairwise_comparisons"] is JsonArray list)
            {
                foreach (var item in list)
                {
                    if (item is JsonObject record && ReadComparison(record) is Eq3Comparison c) comparisons.Add(c);
                }
            }
        }
        return new Eq3Leaderboard(tasks, ratings, comparisons);
    }

    private static JsonObject ReadObject(string path)
    {
        string text;
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = new StreamReader(stream, new UTF8Encoding(false, true));
            text = reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{path}: file not found");
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or DecoderFallbackException)
        {
            throw new InputException($"{path}: cannot read: {ex.Message}");
        }
        if (!PythonJson.TryParse(text, out var node) || node is not JsonObject obj)
            throw new InputException($"{path}: not a JSON object");
        return obj;
    }

    private static Dictionary<string, IReadOnlyList<Eq3Task>> ReadTasks(JsonObject runs)
    {
        var byModel = new Dictionary<string, OrderedDictionary<(string, string), Eq3Task>>(StringComparer.Ordinal);
        foreach (var (_, runNode) in runs)
        {
            if (runNode is not JsonObject run) continue;
            var model = Text(run["model_name"]) ?? Text(run["test_model"]);
            if (string.IsNullOrEmpty(model)) continue;
            if (run["scenario_tasks"] is not JsonObject iterations) continue;
            foreach (var (iterationKey, scenariosNode) in iterations)
            {
                if (scenariosNode is not JsonObject scenarios) continue;
                foreach (var (scenarioId, taskNode) in scenarios)
                {
                    if (taskNode is not JsonObject taskObj) continue;
                    var task = ReadTask(scenarioId, iterationKey, taskObj);
                    bool analysis = task.Kind == Eq3ScenarioKind.Analysis;
                    bool ready = analysis ? task.Status is Eq3Status.ScenarioCompleted or Eq3Status.RubricScored : task.Status is Eq3Status.Completed or Eq3Status.RubricScored;
                    if (!ready || task.History.Count == 0 || (!analysis && task.Debrief is null)) continue;
                    if (!byModel.TryGetValue(model, out var modelTasks)) byModel[model] = modelTasks = [];
                    modelTasks[(scenarioId, iterationKey)] = task;
                }
            }
        }
        return byModel.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Eq3Task>)kv.Value.Values.ToList(), StringComparer.Ordinal);
    }

    private static Eq3Task ReadTask(string scenarioId, string iterationKey, JsonObject t)
    {
        var history = new List<Eq3Message>();
        if (t["conversation_history"] is JsonArray h)
            foreach (var m in h.OfType<JsonObject>()) history.Add(new Eq3Message(Text(m["role"]) ?? "", Text(m["content"]) ?? ""));
        var parsed = new List<Eq3ParsedReply>();
        if (t["parsed_responses"] is JsonArray p)
        {
            foreach (var entry in p.OfType<JsonObject>())
            {
                var sections = new OrderedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in entry) if (k != "raw") sections[k] = Text(v) ?? "";
                parsed.Add(new Eq3ParsedReply(Text(entry["raw"]) ?? "", sections));
            }
        }
        OrderedDictionary<string, double>? scores = null;
        if (t["rubric_scores"] is JsonObject s)
        {
            scores = new OrderedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var (k, v) in s) if (Number(v) is double d) scores[k] = d;
        }
        return new Eq3Task(scenarioId, iterationKey, Text(t["status"]) ?? Eq3Status.Initialized, history, parsed, Text(t["debrief_response"]), scores);
    }

    private static Eq3Comparison? ReadComparison(JsonObject c)
    {
        if (c["pair"] is not JsonObject pair) return null;
        string scenario = Text(c["scenario_id"]) ?? PythonJson.Str(c["scenario_id"]);
        string test = Text(pair["test_model"]) ?? "";
        string other = Text(pair["neighbor_model"]) ?? "";
        string iteration = pair["iteration_index"] is JsonNode it ? Text(it) ?? PythonJson.Str(it) : "";
        string orderText = Text(c["order"]) ?? "";
        var order = orderText is Eq3Comparison.ReversedOrderText or "reversed" ? Eq3PairwiseOrder.Reversed : Eq3PairwiseOrder.Forward;
        if (c.ContainsKey("error"))
            return Eq3Pairwise.Failed(scenario, test, other, iteration, order, PythonJson.Str(c["error"]), Text(c["raw_judge_response"]) ?? "");
        return new Eq3Comparison(scenario, test, other, iteration, order, (c["judge_response"] as JsonObject)?.DeepClone().AsObject(),
            Number(c["outcome_for_test_model"]), Number(c["plus_for_test"]), Number(c["plus_for_other"]), Number(c["plus_diff"]),
            Number(c["plus_diff_normalized"]), Number(c["plus_diff_blended"]), Number(c["fraction_for_test"]),
            Number(c["test_model_avg_response_length"]), Number(c["neighbor_model_avg_response_length"]));
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number ? (v.TryGetValue<long>(out var l) ? l : v.GetValue<double>()) : null;
}
