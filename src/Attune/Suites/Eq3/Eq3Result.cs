using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Attune.Statistics;

namespace Attune.Suites.Eq3;

/// <summary>
/// A scored eq3 run: the rubric score (0–20 mean of task means, pooled over iterations; reported × 5), its bootstrap
/// 95% interval over tasks, the "ability" columns of the reference's report, and every task with its transcript.
/// </summary>
public sealed class Eq3Result : ISuiteResult
{
    private readonly Eq3Suite _suite;

    internal Eq3Result(Eq3Suite suite, IReadOnlyList<Eq3Item> items)
    {
        _suite = suite;
        Tasks = items;
        Summary = Eq3Rubric.Summarize(items.Select(i => i.Task), suite.Data.RubricCriteriaAnalysis);
        Abilities = Eq3Abilities.Compute(items.Select(i => i.Task));
    }

    /// <summary>Every task of the run, in trial order.</summary>
    public IReadOnlyList<Eq3Item> Tasks { get; }

    /// <summary>The rubric summary (0–20, 2 dp), or its error.</summary>
    public Eq3RubricSummary Summary { get; }

    /// <summary>The ability columns (mean raw 0–20 values).</summary>
    public Eq3Abilities Abilities { get; }

    /// <inheritdoc />
    public string Suite => Eq3Suite.Name;

    /// <inheritdoc />
    public double Score => Summary.Score100 ?? double.NaN;

    /// <inheritdoc />
    public bool FailedThreshold => false;

    private bool Own => _suite.ItemSet.StartsWith("builtin:", StringComparison.Ordinal);

    private static string F(double? v, string format = "0.00") => v is { } d && double.IsFinite(d) ? d.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <inheritdoc />
    public IReadOnlyList<SuiteMetric> Metrics
    {
        get
        {
            var perTask = Tasks.Where(t => t.Score is not null).Select(t => t.Score!.Value * 5).ToList();
            var (lo, hi) = Bootstrap.MeanInterval(perTask);
            var list = new List<SuiteMetric>
            {
                new("score", Own ? "Rubric score (0–100, Attune's own scenarios)" : "Rubric score (0–100, EQ-Bench 3 rubric)", Summary.Score100,
                    Summary.Score100 is null ? "– (" + Summary.Error + ")" : F(Summary.Score100), perTask.Count > 1 ? lo : null, perTask.Count > 1 ? hi : null),
                new("rubric", "Rubric mean (0–20)", Summary.Score, F(Summary.Score)),
                new("tasks", "Tasks rubric-scored", Summary.TasksScored, $"{Summary.TasksScored} / {Tasks.Count}", Warning: Summary.TasksScored < Tasks.Count),
            };
            foreach (var (name, value) in AbilityColumns()) list.Add(new SuiteMetric("ability." + name, name, value, F(value, "0.0")));
            return list;
        }
    }

    /// <summary>The reference report's ability columns, in its order (mean raw 0–20 values).</summary>
    public IReadOnlyList<(string Name, double? Value)> AbilityColumns() =>
    [
        ("humanlike", Abilities.Humanlike), ("safe", Abilities.Safe), ("assertive", Abilities.Assertive), ("social IQ", Abilities.SocialIq),
        ("warm", Abilities.Warm), ("analytical", Abilities.Analytical), ("insightful", Abilities.Insightful), ("empathy", Abilities.Empathy),
        ("compliant", Abilities.Compliant), ("moralising", Abilities.Moral), ("pragmatic", Abilities.Pragmatic),
    ];

    internal static string KindName(Eq3ScenarioKind kind) => kind switch
    {
        Eq3ScenarioKind.Drafting => "drafting",
        Eq3ScenarioKind.Analysis => "analysis",
        _ => "roleplay",
    };

    /// <inheritdoc />
    public IReadOnlyList<ItemRow> Items => [.. Tasks.Select(t => new ItemRow(
        t.Scenario.Id, t.Iteration, t.Score * 5,
        t.Task.Status == Eq3Status.RubricScored && t.Score is not null ? "ok" : t.Task.Status,
        t.RubricError ?? $"{KindName(t.Scenario.Kind)} · {t.Task.History.Count / 2} turn(s){(t.Task.Debrief is null ? "" : " + debrief")}",
        t.RubricText, KindName(t.Scenario.Kind))
    {
        Transcript = [.. t.Task.History.Select(m => new TranscriptLine(m.Role, m.Content)),
            .. t.Task.Debrief is null ? Array.Empty<TranscriptLine>() : [new TranscriptLine("user", _suite.Data.DebriefPrompt, "debrief"), new TranscriptLine("assistant", t.Task.Debrief, "debrief")]],
        Judgement = t.RubricText,
    })];

    /// <inheritdoc />
    public IReadOnlyList<ResultTable> Tables
    {
        get
        {
            var abilities = new ResultTable("Ability columns (mean raw 0–20 rubric values)", ["ability", "value"],
                [.. AbilityColumns().Select(a => (IReadOnlyList<string>)[a.Name, F(a.Value, "0.0")])], Bars: new BarScale(1, 0, 20));
            var kinds = new ResultTable("By scenario kind", ["kind", "tasks scored", "mean score (0–100)"],
                [.. Tasks.GroupBy(t => KindName(t.Scenario.Kind)).Select(g =>
                {
                    var scored = g.Where(t => t.Score is not null).ToList();
                    return (IReadOnlyList<string>)[g.Key, $"{scored.Count} / {g.Count()}", scored.Count == 0 ? "–" : F(scored.Average(t => t.Score!.Value * 5))];
                })], Bars: new BarScale(2, 0, 100));
            return [abilities, kinds];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Notes =>
    [
        .. _suite.Options.Limit is { } limit ? [$"PARTIAL item set: the first {limit} scenarios (--limit); not comparable with a full run."] : Array.Empty<string>(),
        Own
            ? "Scale 0–100 (rubric mean × 5) on Attune's own scenarios, with Attune's templates and rubric; not comparable with the EQ-Bench 3 leaderboard."
            : "Scale 0–100 (rubric mean × 5), as EQ-Bench 3 reports it; the public leaderboard's headline is the pairwise Elo (attune rate), not this rubric score.",
        "The 95% CI is a bootstrap over task scores; the rubric mean leaves unscored tasks out, as the reference does.",
    ];

    /// <inheritdoc />
    public void WriteJson(Stream stream, ResultContext context)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("suite", Suite);
        if (Summary.Score100 is { } s) w.WriteNumber("score", Math.Round(s, 2));
        else w.WriteNull("score");
        if (Summary.Score is { } r) w.WriteNumber("rubric", r);
        else w.WriteNull("rubric");
        w.WriteNumber("tasks", Summary.TasksScored);
        context.Write(w);
        if (Summary.Error is not null) w.WriteString("rubricError", Summary.Error);
        w.WriteStartObject("abilities");
        foreach (var (name, value) in AbilityColumns())
        {
            if (value is { } v) w.WriteNumber(name.Replace(" ", "_", StringComparison.Ordinal), Math.Round(v, 2));
            else w.WriteNull(name.Replace(" ", "_", StringComparison.Ordinal));
        }
        w.WriteEndObject();
        w.WriteStartArray("items");
        foreach (var t in Tasks)
        {
            w.WriteStartObject();
            w.WriteString("id", t.Scenario.Id);
            w.WriteNumber("iteration", t.Iteration);
            w.WriteString("kind", KindName(t.Scenario.Kind));
            w.WriteString("status", t.Task.Status);
            w.WriteStartArray("history");
            foreach (var m in t.Task.History)
            {
                w.WriteStartObject();
                w.WriteString("role", m.Role);
                w.WriteString("content", m.Content);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (t.Task.Debrief is null) w.WriteNull("debrief");
            else w.WriteString("debrief", t.Task.Debrief);
            w.WriteStartObject("rubricScores");
            foreach (var (k, v) in t.Task.RubricScores ?? new Dictionary<string, double>())
            {
                if (double.IsFinite(v)) w.WriteNumber(k, v);
                else w.WriteString(k, v.ToString(CultureInfo.InvariantCulture));
            }
            w.WriteEndObject();
            if (t.Score is { } score) w.WriteNumber("score", score);
            else w.WriteNull("score");
            if (t.RubricError is not null) w.WriteString("rubricError", t.RubricError);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
