using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Attune.Text;
using Microsoft.Extensions.AI;

namespace Attune.Suites.Ability;

/// <summary>
/// Asks a model for new ability items and validates each before accepting it: the schema (fields, option count,
/// unique options, key in range), novelty (normalised word overlap with every existing and already accepted item
/// below a threshold and, when a <see cref="TextSimilarity"/> is given, the encoder cosine of their scenarios below
/// another), and the key (independent judge models solving the item blind must choose it at the stated
/// agreement). Nothing it writes enters Attune's shipped set automatically.
/// </summary>
public sealed partial class AbilityItemGenerator
{
    private readonly IChatClient _generator;
    private readonly IReadOnlyList<(string Name, IChatClient Client)> _judges;
    private readonly AbilityItemSet _existing;
    private readonly double _agreement;
    private readonly double _duplicate;
    private readonly TextSimilarity? _similarity;
    private readonly double _maxCosine;
    private List<float[]>? _scenarios;

    /// <summary>Creates a generator.</summary>
    /// <param name="generator">The model that writes items.</param>
    /// <param name="judges">Independent solver models (name and chat client).</param>
    /// <param name="existing">Items new ones must not duplicate (and whose prompts the judges see).</param>
    /// <param name="agreementThreshold">Share of judges that must choose the key (default 1: all).</param>
    /// <param name="duplicateThreshold">Word-overlap similarity at or above which an item is a near-duplicate.</param>
    /// <param name="similarity">Semantic similarity of scenarios; null to judge novelty by word overlap alone.</param>
    /// <param name="maxCosine">Encoder cosine of two scenarios at or above which an item is a near-duplicate (with <paramref name="similarity"/>).</param>
    public AbilityItemGenerator(IChatClient generator, IReadOnlyList<(string Name, IChatClient Client)> judges, AbilityItemSet existing, double agreementThreshold = 1.0, double duplicateThreshold = 0.5, TextSimilarity? similarity = null, double maxCosine = DefaultMaxCosine)
    {
        if (maxCosine is <= 0 or > 1) throw new InputException("--max-cosine: must be in (0, 1]");
        if (judges.Count == 0) throw new InputException("--judges: at least one judge model is needed to confirm keys");
        if (agreementThreshold is <= 0 or > 1) throw new InputException("--agreement: must be in (0, 1]");
        _generator = generator;
        _judges = judges;
        _existing = existing;
        _agreement = agreementThreshold;
        _duplicate = duplicateThreshold;
        _similarity = similarity;
        _maxCosine = maxCosine;
    }

    /// <summary>The default encoder-cosine threshold for near-duplicate scenarios (measured on labelled pairs: tools/similarity-pairs).</summary>
    public const double DefaultMaxCosine = 0.75;

    /// <summary>Options per task: understanding items have 5, management items 4.</summary>
    public static int OptionCount(AbilityTask task) => task == AbilityTask.EU ? 5 : 4;

    /// <summary>The request sent to the generator for the n-th item (Attune's wording).</summary>
    public static string GenerationPrompt(AbilityTask task, int number)
    {
        var kind = task == AbilityTask.EU
            ? "an emotion-understanding item: a short situation (2-4 sentences, third person) about one named person, and 5 options, each an emotion word or short emotion phrase, of which exactly one is the emotion that person would most likely feel"
            : "an emotion-management item: a short situation (2-4 sentences) where one named person faces an emotionally difficult moment, and 4 options, each a concrete action in one sentence, of which exactly one is the most effective by what is known about emotion regulation and helping others";
        return $"Write one new, original item for an ability test of emotional intelligence (item {number.ToString(CultureInfo.InvariantCulture)} of a batch): {kind}. "
            + "Vary culture, age, setting and relationship; make the distractors plausible; do not copy or paraphrase any published test. "
            + "Reply with JSON only, in this shape: {\"scenario\": \"...\", \"subject\": \"<the person's name>\", \"choices\": [\"...\"], \"answer\": <0-based index of the best option>, \"category\": \"<a short label>\"}";
    }

    /// <summary>Generates and validates <paramref name="count"/> items, one request each.</summary>
    public async Task<IReadOnlyList<GeneratedItem>> GenerateAsync(AbilityTask task, int count, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        if (count < 1) throw new InputException("--count: must be at least 1");
        var accepted = new List<AbilityItem>();
        var results = new List<GeneratedItem>();
        var judgeSuite = new AbilitySuite(AbilityItemSet.LoadBuiltIn());
        for (int n = 1; n <= count; n++)
        {
            var raw = (await _generator.GetResponseAsync([new ChatMessage(ChatRole.User, GenerationPrompt(task, n))], new ChatOptions { Temperature = 0.9f, MaxOutputTokens = 1200 }, cancellationToken).ConfigureAwait(false)).Text ?? "";
            var (item, problem) = ParseItem(raw, task, n);
            if (item is null)
            {
                results.Add(new GeneratedItem(n, null, false, problem, [], 0, null, raw));
                progress?.Report(n);
                continue;
            }
            var nearest = Nearest(item, accepted);
            if (nearest is { } near && near.Similarity >= _duplicate)
            {
                results.Add(new GeneratedItem(n, item, false, $"near-duplicate of {near.Id} (similarity {near.Similarity.ToString("0.00", CultureInfo.InvariantCulture)})", [], 0, nearest, raw));
                progress?.Report(n);
                continue;
            }
            if (NearestByMeaning(item, accepted) is { } close && close.Cosine >= _maxCosine)
            {
                results.Add(new GeneratedItem(n, item, false, $"near-duplicate of {close.Id} (cosine {close.Cosine.ToString("0.00", CultureInfo.InvariantCulture)})", [], 0, nearest, raw));
                progress?.Report(n);
                continue;
            }
            var answers = new List<string>();
            foreach (var (_, judge) in _judges)
            {
                var judged = await judge.GetResponseAsync(judgeSuite.Messages(item), new ChatOptions { Temperature = 0f, MaxOutputTokens = 400 }, cancellationToken).ConfigureAwait(false);
                answers.Add(AbilityAnswerParser.Lenient(judged.Text ?? "", task).First);
            }
            var key = AbilityItem.Letter(item.Answer);
            double agreement = answers.Count(a => a == key) / (double)answers.Count;
            if (agreement + 1e-9 < _agreement)
            {
                var chose = string.Join(", ", answers.Select(a => a.Length == 0 ? "(no answer)" : a));
                results.Add(new GeneratedItem(n, item, false,
                    $"key {key} not confirmed: judges chose {chose} (agreement {agreement.ToString("0.00", CultureInfo.InvariantCulture)} < {_agreement.ToString("0.00", CultureInfo.InvariantCulture)})",
                    answers, agreement, nearest, raw));
                progress?.Report(n);
                continue;
            }
            accepted.Add(item);
            results.Add(new GeneratedItem(n, item, true, null, answers, agreement, nearest, raw));
            progress?.Report(n);
        }
        return results;
    }

    /// <summary>Reads and checks the schema of a generated item; returns the item or why it was rejected.</summary>
    public static (AbilityItem? Item, string? Problem) ParseItem(string raw, AbilityTask task, int number)
    {
        if (raw.IndexOf('{', StringComparison.Ordinal) is var open && (open < 0 || raw.LastIndexOf('}') < open)) return (null, "malformed: no JSON object in the response");
        using var doc = Attune.Text.JsonExtraction.Loose(raw);
        if (doc is null) return (null, "malformed: the JSON does not parse");
        {
            var e = doc.RootElement;
            string? Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : null;
            var scenario = Str("scenario");
            var subject = Str("subject");
            if (string.IsNullOrWhiteSpace(scenario) || scenario.Length < 40) return (null, "schema: \"scenario\" is missing or too short");
            if (string.IsNullOrWhiteSpace(subject)) return (null, "schema: \"subject\" is missing");
            if (!scenario.Contains(subject, StringComparison.OrdinalIgnoreCase)) return (null, "schema: the subject does not appear in the scenario");
            if (!e.TryGetProperty("choices", out var c) || c.ValueKind != JsonValueKind.Array) return (null, "schema: \"choices\" is not a list");
            var choices = c.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()!.Trim() : "").ToList();
            int expected = OptionCount(task);
            if (choices.Count != expected) return (null, $"schema: {choices.Count} options, expected {expected}");
            if (choices.Any(string.IsNullOrWhiteSpace)) return (null, "schema: an option is empty");
            if (choices.Select(Normalise).Distinct(StringComparer.Ordinal).Count() != choices.Count) return (null, "schema: options are not unique");
            if (!e.TryGetProperty("answer", out var a) || a.ValueKind != JsonValueKind.Number || !a.TryGetInt32(out var answer) || answer < 0 || answer >= choices.Count)
            {
                return (null, "schema: \"answer\" is not an option index");
            }
            var category = Str("category") ?? "generated";
            var qid = "g" + number.ToString(CultureInfo.InvariantCulture);
            var item = task == AbilityTask.EU
                ? new AbilityItem(task, qid, "en", category, null, null, scenario, subject, choices, answer, [], -1)
                : new AbilityItem(task, qid, "en", category, null, "action", scenario, subject, choices, answer, [], -1);
            return (item, null);
        }
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();

    private static string Normalise(string s) => string.Join(' ', Words().Matches(s.ToLowerInvariant()).Select(m => m.Value));

    private static HashSet<string> ContentWords(AbilityItem item)
        => Words().Matches((item.Scenario + " " + string.Join(" ", item.Choices)).ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 4).ToHashSet(StringComparer.Ordinal);

    /// <summary>Word-set Jaccard similarity of two items' normalised scenario and options (content words of 4+ letters).</summary>
    public static double Similarity(AbilityItem a, AbilityItem b)
    {
        var x = ContentWords(a);
        var y = ContentWords(b);
        if (x.Count == 0 || y.Count == 0) return 0;
        int inter = x.Count(y.Contains);
        return inter / (double)(x.Count + y.Count - inter);
    }

    private (string Id, double Similarity)? Nearest(AbilityItem item, IReadOnlyList<AbilityItem> accepted)
    {
        (string, double)? best = null;
        foreach (var other in _existing.Items.Concat(accepted))
        {
            double s = Similarity(item, other);
            if (best is null || s > best.Value.Item2) best = (other.Key, s);
        }
        return best;
    }

    private (string Id, double Cosine)? NearestByMeaning(AbilityItem item, IReadOnlyList<AbilityItem> accepted)
    {
        if (_similarity is null) return null;
        var others = _existing.Items.Concat(accepted).ToList();
        _scenarios ??= [.. _similarity.Embed([.. _existing.Items.Select(i => i.Scenario)])];
        while (_scenarios.Count < others.Count) _scenarios.Add(_similarity.Embed([others[_scenarios.Count].Scenario])[0]);
        return _similarity.Nearest(item.Scenario, _scenarios) is { } best ? (others[best.Index].Key, best.Cosine) : null;
    }

    /// <summary>An accepted item as a line of the item file (EmoBench schema plus provenance).</summary>
    public static string ToJsonLine(GeneratedItem g, string generator, IReadOnlyList<string> judges, DateTimeOffset when)
    {
        var item = g.Item!;
        var node = new System.Text.Json.Nodes.JsonObject { ["qid"] = item.Qid, ["language"] = item.Language };
        if (item.Task == AbilityTask.EU)
        {
            node["coarse_category"] = item.Category;
            node["finegrained_category"] = "";
            node["scenario"] = item.Scenario;
            node["subject"] = item.Subject;
            node["emotion_choices"] = new System.Text.Json.Nodes.JsonArray([.. item.Choices.Select(x => (System.Text.Json.Nodes.JsonNode)x)]);
            node["emotion_label"] = item.Choices[item.Answer];
            node["cause_choices"] = new System.Text.Json.Nodes.JsonArray();
            node["cause_label"] = "";
        }
        else
        {
            node["category"] = item.Category;
            node["question type"] = item.QuestionType;
            node["scenario"] = item.Scenario;
            node["subject"] = item.Subject;
            node["choices"] = new System.Text.Json.Nodes.JsonArray([.. item.Choices.Select(x => (System.Text.Json.Nodes.JsonNode)x)]);
            node["label"] = item.Choices[item.Answer];
        }
        node["provenance"] = new System.Text.Json.Nodes.JsonObject
        {
            ["generator"] = generator,
            ["judges"] = new System.Text.Json.Nodes.JsonArray([.. judges.Select(j => (System.Text.Json.Nodes.JsonNode)j)]),
            ["judgeAnswers"] = new System.Text.Json.Nodes.JsonArray([.. g.JudgeAnswers.Select(j => (System.Text.Json.Nodes.JsonNode)j)]),
            ["agreement"] = g.Agreement,
            ["nearestExisting"] = g.NearestItem?.Id,
            ["nearestSimilarity"] = g.NearestItem?.Similarity,
            ["date"] = when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
