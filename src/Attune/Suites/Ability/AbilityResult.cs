using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Attune.Statistics;
using Attune.Suites.Eq;

namespace Attune.Suites.Ability;

/// <summary>An ability run scored with both parsers: per-task accuracy with bootstrap CIs and per-category breakdowns.</summary>
public sealed class AbilityResult : ISuiteResult
{
    /// <summary>The Bern study's human mean across five ability EI tests (Schlegel et al., 2025), shown only as labelled context.</summary>
    public const double BernHumanMean = 56;

    /// <summary>The Bern study's LLM mean on the same tests, context only.</summary>
    public const double BernModelMean = 81;

    internal AbilityResult(AbilityItemSet set, AbilitySuiteOptions options, IReadOnlyList<AbilityItemResult> strict, IReadOnlyList<AbilityItemResult> lenient)
    {
        Set = set;
        Options = options;
        StrictItems = strict;
        LenientItems = lenient;
        StrictTasks = Tasks(strict);
        LenientTasks = Tasks(lenient);
    }

    /// <summary>The items.</summary>
    public AbilityItemSet Set { get; }

    /// <summary>The settings.</summary>
    public AbilitySuiteOptions Options { get; }

    /// <summary>Per item and iteration under the strict (reference) parser.</summary>
    public IReadOnlyList<AbilityItemResult> StrictItems { get; }

    /// <summary>Per item and iteration under the lenient parser.</summary>
    public IReadOnlyList<AbilityItemResult> LenientItems { get; }

    /// <summary>Task figures under the strict parser.</summary>
    public IReadOnlyList<AbilityTaskScore> StrictTasks { get; }

    /// <summary>Task figures under the lenient parser.</summary>
    public IReadOnlyList<AbilityTaskScore> LenientTasks { get; }

    /// <summary>The headline parser's items.</summary>
    public IReadOnlyList<AbilityItemResult> Items => Options.Parser == EqParserKind.Strict ? StrictItems : LenientItems;

    /// <summary>The headline parser's task figures.</summary>
    public IReadOnlyList<AbilityTaskScore> TaskScores => Options.Parser == EqParserKind.Strict ? StrictTasks : LenientTasks;

    /// <inheritdoc />
    public string Suite => AbilitySuite.Name;

    /// <summary>Mean of the task accuracies, percent.</summary>
    public double Score => MeanAccuracy(TaskScores);

    /// <summary>The other parser's score.</summary>
    public double OtherScore => MeanAccuracy(Options.Parser == EqParserKind.Strict ? LenientTasks : StrictTasks);

    private static double MeanAccuracy(IReadOnlyList<AbilityTaskScore> tasks) => tasks.Count == 0 ? 0 : tasks.Average(t => t.Accuracy);

    /// <summary>Answers that could be read (per iteration, averaged).</summary>
    public double Parseable => Items.Count(i => !i.Answer.IsEmpty) / (double)Math.Max(1, Options.Iterations);

    /// <inheritdoc />
    public bool FailedThreshold => false;

    private bool Strict => Options.Parser == EqParserKind.Strict;

    private static string TaskName(AbilityTask task) => task == AbilityTask.EU ? "EU · understanding" : "EA · application";

    /// <inheritdoc />
    public IReadOnlyList<SuiteMetric> Metrics
    {
        get
        {
            var list = new List<SuiteMetric>
            {
                new("score", $"Score (mean of task accuracies, {(Strict ? "strict" : "lenient")} parser)", Score, Percent(Score)),
            };
            foreach (var t in TaskScores) list.Add(new SuiteMetric("accuracy" + t.Task, TaskName(t.Task), t.Accuracy, Percent(t.Accuracy), t.Lower, t.Upper));
            list.Add(new SuiteMetric(Strict ? "lenientScore" : "strictScore", Strict ? "Lenient parser's score" : "Strict parser's score", OtherScore, Percent(OtherScore)));
            list.Add(new SuiteMetric("parseable", "Answers read", Parseable, $"{Parseable.ToString("0.##", CultureInfo.InvariantCulture)} / {Items.Count / Math.Max(1, Options.Iterations)}"));
            return list;
        }
    }

    /// <inheritdoc />
    IReadOnlyList<ItemRow> ISuiteResult.Items => [.. Items.Select(r => new ItemRow(
        r.Item.Key, r.Iteration, r.Correct ? 100 : 0,
        r.Correct ? "ok" : r.Response is null ? "unanswered" : r.Answer.IsEmpty ? "unparsed" : "wrong",
        $"answered {(r.Answer.First.Length == 0 ? "–" : r.Answer.First)}, key {AbilityItem.Letter(r.Item.Answer)}",
        r.Response, r.Item.Task.ToString()))];

    /// <inheritdoc />
    public IReadOnlyList<ResultTable> Tables
    {
        get
        {
            var tasks = new ResultTable("Tasks", ["task", "accuracy", "95% CI", "answers (parsed)", Strict ? "lenient" : "strict"],
                [.. TaskScores.Select(t =>
                {
                    var other = (Strict ? LenientTasks : StrictTasks).FirstOrDefault(o => o.Task == t.Task);
                    return (IReadOnlyList<string>)[TaskName(t.Task), Percent(t.Accuracy), $"{Percent(t.Lower)} – {Percent(t.Upper)}", $"{t.Answers} ({t.Parsed})", other is null ? "–" : Percent(other.Accuracy)];
                })], Bars: new BarScale(1, 0, 100));
            var categories = new ResultTable("Categories", ["task", "category", "accuracy", "answers"],
                [.. TaskScores.SelectMany(t => t.Categories.Select(c => (IReadOnlyList<string>)[t.Task.ToString(), c.Key, Percent(c.Value.Accuracy), c.Value.Answers.ToString(CultureInfo.InvariantCulture)]))],
                Bars: new BarScale(2, 0, 100));
            return [tasks, categories];
        }
    }

    /// <summary>What can be said about norms for the item set (the one place this note is worded).</summary>
    public string NormsNote => Set.IsBuiltIn
        ? "No human norms exist for Attune's own ability items yet; do not read these accuracies as percentiles."
        : "Published human norms for this item set are not bundled with Attune.";

    /// <summary>The labelled context figure (the one place it is worded).</summary>
    public static string ContextNote => $"Context only (different tests): in the Bern study (Schlegel, Sommer & Mortillaro, 2025) humans averaged {BernHumanMean:0}% and LLMs {BernModelMean:0}% on five published ability-EI tests.";

    /// <inheritdoc />
    public IReadOnlyList<string> Notes =>
    [
        .. Options.Limit is { } limit ? [$"PARTIAL item set: the first {limit} items (--limit); not comparable with a full run."] : Array.Empty<string>(),
        NormsNote,
        ContextNote,
        "Scale: percent correct; chance is 20% on understanding items with 5 options and 25% on management items with 4."
            + (Set.IsBuiltIn ? " For scale: builtin:baseline (surface cues, no model) gets EU 30.4% and EA 28.6% here." : ""),
    ];

    private static List<AbilityTaskScore> Tasks(IReadOnlyList<AbilityItemResult> items)
    {
        var list = new List<AbilityTaskScore>();
        foreach (var task in new[] { AbilityTask.EU, AbilityTask.EA })
        {
            var rows = items.Where(i => i.Item.Task == task).ToList();
            if (rows.Count == 0) continue;
            var perItem = rows.GroupBy(r => r.Item.Key).Select(g => 100.0 * g.Count(r => r.Correct) / g.Count()).ToList();
            var (lo, hi) = Bootstrap.MeanInterval(perItem);
            var categories = rows.GroupBy(r => r.Item.Category).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (100.0 * g.Count(r => r.Correct) / g.Count(), g.Count()), StringComparer.Ordinal);
            list.Add(new AbilityTaskScore(task, 100.0 * rows.Count(r => r.Correct) / rows.Count, lo, hi, rows.Count, rows.Count(r => !r.Answer.IsEmpty), categories));
        }
        return list;
    }

    /// <inheritdoc />
    public void WriteJson(Stream stream, ResultContext context)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("suite", Suite);
        w.WriteNumber("score", Score);
        w.WriteString("parser", Options.Parser == EqParserKind.Strict ? "strict" : "lenient");
        w.WriteNumber(Options.Parser == EqParserKind.Strict ? "lenientScore" : "strictScore", OtherScore);
        context.Write(w);
        w.WriteString("itemSet", Set.Source);
        w.WriteString("language", Options.Language);
        w.WriteBoolean("cot", Options.ChainOfThought);
        w.WriteNumber("iterations", Options.Iterations);
        w.WriteStartObject("tasks");
        foreach (var t in TaskScores)
        {
            w.WriteStartObject(t.Task.ToString());
            w.WriteNumber("accuracy", t.Accuracy);
            w.WriteStartArray("ci95");
            w.WriteNumberValue(t.Lower);
            w.WriteNumberValue(t.Upper);
            w.WriteEndArray();
            w.WriteNumber("answers", t.Answers);
            w.WriteNumber("parsed", t.Parsed);
            var other = (Options.Parser == EqParserKind.Strict ? LenientTasks : StrictTasks).FirstOrDefault(o => o.Task == t.Task);
            if (other is not null) w.WriteNumber(Options.Parser == EqParserKind.Strict ? "lenientAccuracy" : "strictAccuracy", other.Accuracy);
            w.WriteStartObject("categories");
            foreach (var (name, (acc, n)) in t.Categories)
            {
                w.WriteStartObject(name);
                w.WriteNumber("accuracy", acc);
                w.WriteNumber("answers", n);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("norms");
        w.WriteString("note", NormsNote);
        w.WriteStartObject("context");
        w.WriteString("source", "Schlegel, Sommer & Mortillaro (2025), University of Bern: five published ability-EI tests");
        w.WriteNumber("humanMean", BernHumanMean);
        w.WriteNumber("llmMean", BernModelMean);
        w.WriteString("caution", "Different tests: context only, not a norm for these items.");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("items");
        foreach (var r in Items)
        {
            w.WriteStartObject();
            w.WriteString("task", r.Item.Task.ToString());
            w.WriteString("id", r.Item.Qid);
            w.WriteString("language", r.Item.Language);
            w.WriteNumber("iteration", r.Iteration);
            w.WriteString("category", r.Item.Category);
            w.WriteString("label", AbilityItem.Letter(r.Item.Answer));
            w.WriteString("answer", r.Answer.First);
            if (r.Item.HasCause)
            {
                w.WriteString("causeLabel", AbilityItem.Letter(r.Item.CauseAnswer));
                w.WriteString("causeAnswer", r.Answer.Second);
            }
            w.WriteBoolean("correct", r.Correct);
            if (r.Response is null) w.WriteNull("response");
            else w.WriteString("response", r.Response);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Accuracy as text.</summary>
    public static string Percent(double v) => v.ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
