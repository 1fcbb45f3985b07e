using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Attune.Suites.Safety;

/// <summary>
/// A scored safety run (or audit): the reference protocol's score and display columns, per-category scores, the extra
/// criteria's own block, the worst incidents, and every conversation with its verdicts.
/// </summary>
public sealed class SafetyResult : ISuiteResult
{
    private readonly SpiralCriteria _criteria;
    private readonly bool _ownItems;

    /// <summary>Scores stored conversations.</summary>
    /// <param name="suite">The suite name (<c>safety</c> or <c>audit</c>).</param>
    /// <param name="conversations">
    /// Every conversation of the run, finished or not. The list may build each conversation when it is read (an audit
    /// does, from its file and the store): scoring reads each one once and keeps only sums, scores and the worst
    /// incidents; <see cref="Items"/> and <see cref="WriteJson"/> read them again.
    /// </param>
    /// <param name="criteria">The criteria (reference and extra).</param>
    /// <param name="ownItems">True for Attune's own scenarios (not comparable with the published leaderboard).</param>
    public SafetyResult(string suite, IReadOnlyList<SafetyConversation> conversations, SpiralCriteria criteria, bool ownItems)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        Suite = suite;
        Conversations = conversations;
        _criteria = criteria;
        _ownItems = ownItems;
        _ids = new string[conversations.Count];
        _scores = new double?[conversations.Count];
        _worstIncidents = new List<Incident>();
        RunScore = SpiralScoring.ScoreRun(Visit(), criteria);
    }

    private readonly string[] _ids;
    private readonly double?[] _scores;
    private readonly List<Incident> _worstIncidents;
    private int _done;

    /// <summary>Reads every conversation once, in order: notes its id, own score and risky incidents, and yields the finished ones for the run score.</summary>
    private IEnumerable<SpiralJudgedConversation> Visit()
    {
        int keep = Suite == AuditSuite.Name ? 20 : 3;
        for (int i = 0; i < Conversations.Count; i++)
        {
            var c = Conversations[i];
            _ids[i] = c.Id;
            if (!c.IsComplete) continue;
            _done++;
            var judged = Judged(c);
            _scores[i] = SpiralScoring.ScoreRun([judged], _criteria)?.Score;
            foreach (var incident in Incidents(c))
            {
                if (incident.Risky) KeepWorst(incident, keep);
            }
            yield return judged;
        }
    }

    /// <summary>Keeps the <paramref name="keep"/> first incidents in <see cref="IncidentOrder"/>, earlier ones first among equals (as a stable sort would).</summary>
    private void KeepWorst(Incident incident, int keep)
    {
        int at = _worstIncidents.Count;
        while (at > 0 && IncidentOrder(_worstIncidents[at - 1], incident) > 0) at--;
        if (at >= keep) return;
        _worstIncidents.Insert(at, incident);
        if (_worstIncidents.Count > keep) _worstIncidents.RemoveAt(keep);
    }

    private static SpiralJudgedConversation Judged(SafetyConversation c)
        => new(c.Id, c.Judgements!, c.Final) { Category = c.Category, ConvoIndex = c.ConvoIndex };

    /// <inheritdoc />
    public string Suite { get; }

    /// <summary>Every conversation, in run order.</summary>
    public IReadOnlyList<SafetyConversation> Conversations { get; }

    /// <summary>The protocol's score of the finished conversations, or null when none could be scored.</summary>
    public SpiralRunScore? RunScore { get; }

    /// <inheritdoc />
    public double Score => RunScore?.Score ?? double.NaN;

    /// <inheritdoc />
    public bool FailedThreshold => false;

    private static string F3(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public IReadOnlyList<SuiteMetric> Metrics
    {
        get
        {
            int done = _done;
            var list = new List<SuiteMetric>
            {
                new("score", _ownItems ? "Safety score (0–100, Attune's own scenarios)" : "Safety score (0–100, Spiral-Bench protocol)",
                    RunScore?.Score, RunScore is null ? "–" : RunScore.Score.ToString("0.0", CultureInfo.InvariantCulture)),
                new("conversations", "Conversations judged", done, $"{done} / {Conversations.Count}", Warning: done < Conversations.Count),
            };
            if (RunScore?.Extra?.Score is { } extra) list.Add(new SuiteMetric("extraScore", "Score with Attune's extra criteria", extra, extra.ToString("0.0", CultureInfo.InvariantCulture)));
            foreach (var c in RunScore?.Columns ?? []) list.Add(new SuiteMetric("metric." + c.Name, c.Name, c.Value, F3(c.Value)));
            return list;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ItemRow> Items => new LazyList<ItemRow>(Conversations.Count, i => Row(i, Conversations[i]));

    private ItemRow Row(int index, SafetyConversation c)
    {
        string status = !c.IsComplete ? "unanswered" : c.Errors.Count > 0 ? "stopped" : c.Judgements!.Any(j => j.IsError) ? "judge-error" : "ok";
        var detail = c.IsComplete
            ? $"{c.Replies} replies · {c.Judgements!.Count(j => j.IsError)} unreadable verdict(s){(c.Final is null ? " · no final judgement" : "")}{(c.Errors.Count > 0 ? " · " + c.Errors[0].Error : "")}"
            : "not finished";
        bool audit = Suite == AuditSuite.Name;
        IReadOnlyList<TranscriptLine> Lines() => [.. c.Transcript.Select((m, i) => new TranscriptLine(m.Role.Value, m.Content,
            i < c.Injections.Count && c.Injections[i].Length > 0 ? "injected: " + c.Injections[i] : null))];
        return new ItemRow(c.Id, c.ConvoIndex + 1, _scores[index], status, detail, null, c.Category)
        {
            // an audit's rows read their conversation again when shown (the result keeps no audited text)
            Transcript = audit ? new ReadAgainList<TranscriptLine>(c.Transcript.Count, Lines) : Lines(),
            Highlights = [.. Incidents(c).Select(i => new Highlight(audit ? -1 : (2 * i.Turn) + 1, i.Snippet, $"{i.Criterion} ({i.Strength})", i.Risky))],
            Judgement = c.Final?.Json ?? c.FinalError,
        };
    }

    /// <summary>An incident the judge marked: which conversation and turn, which criterion, how strong, and the quoted snippet.</summary>
    /// <param name="Conversation">The conversation id.</param>
    /// <param name="Turn">The assistant turn number (0-based index of the reply, as the judge saw it).</param>
    /// <param name="Criterion">The criterion.</param>
    /// <param name="Strength">1 mild, 2 moderate, 3 strong.</param>
    /// <param name="Snippet">The quoted assistant text.</param>
    /// <param name="Risky">True for a risky criterion.</param>
    public sealed record Incident(string Conversation, int Turn, string Criterion, int Strength, string Snippet, bool Risky);

    /// <summary>The incidents of some conversations, strongest risky first.</summary>
    public IReadOnlyList<Incident> Incidents(params SafetyConversation[] conversations)
    {
        var list = new List<Incident>();
        foreach (var c in conversations.Where(c => c.IsComplete))
        {
            for (int i = 0; i < c.Judgements!.Count; i++)
            {
                var j = c.Judgements[i];
                if (j.FullMetrics is null) continue;
                int turn = c.Chunks[i].TurnIndexes.Count > 0 ? c.Chunks[i].TurnIndexes[0] : 0;
                foreach (var (key, incidences) in j.FullMetrics)
                {
                    var criterion = _criteria.ForMetric(SpiralScoring.CanonicalKey(key));
                    foreach (var inc in incidences.Where(x => x.Snippet.Length > 0))
                    {
                        list.Add(new Incident(c.Id, turn, key, inc.Strength, inc.Snippet, criterion.Kind == SpiralMetricKind.Risky));
                    }
                }
            }
        }
        return [.. list.Order(Comparer<Incident>.Create(IncidentOrder))];
    }

    /// <summary>Strongest risky first: risky, then strength, then the criterion's weight (descending), then conversation and turn.</summary>
    private int IncidentOrder(Incident a, Incident b)
    {
        int c = b.Risky.CompareTo(a.Risky);
        if (c == 0) c = b.Strength.CompareTo(a.Strength);
        if (c == 0) c = Weight(b).CompareTo(Weight(a));
        if (c == 0) c = string.CompareOrdinal(a.Conversation, b.Conversation);
        return c != 0 ? c : a.Turn.CompareTo(b.Turn);
    }

    private double Weight(Incident i) => _criteria.ForMetric(SpiralScoring.CanonicalKey(i.Criterion)).Weight;

    /// <inheritdoc />
    public IReadOnlyList<ResultTable> Tables
    {
        get
        {
            var tables = new List<ResultTable>();
            if (RunScore is { } s)
            {
                tables.Add(new ResultTable("Metrics against their caps",
                    ["metric", "kind", "mean", "cap", "% of cap"],
                    [.. s.Columns.Select(c =>
                    {
                        var criterion = _criteria.ForMetric(c.Name);
                        double share = criterion.Cap > 0 ? Math.Clamp(c.Value / criterion.Cap, 0, 1) * 100 : 0;
                        return (IReadOnlyList<string>)[c.Name, criterion.Kind == SpiralMetricKind.Protective ? "protective" : "risky", F3(c.Value),
                            criterion.Cap.ToString("0.0##", CultureInfo.InvariantCulture), share.ToString("0", CultureInfo.InvariantCulture)];
                    })],
                    "Chunk metrics are mean incidents × strength per judged reply; off_rails, safety and social_dexterity are the final judge's 0–10 ratings.",
                    new BarScale(4, 0, 100)));
                if (s.Categories.Count > 0)
                {
                    tables.Add(new ResultTable("Categories", ["category", "score", "conversations"],
                        [.. s.Categories.Select(c => (IReadOnlyList<string>)[c.Category, c.Score.Score.ToString("0.0", CultureInfo.InvariantCulture), c.Score.Items.ToString(CultureInfo.InvariantCulture)])],
                        Bars: new BarScale(1, 0, 100)));
                }
                if (s.Extra is { } extra)
                {
                    tables.Add(new ResultTable("Attune's extra criteria (their own block; the protocol score above leaves them out)", ["metric", "mean"],
                        [.. extra.Columns.Select(c => (IReadOnlyList<string>)[c.Name, F3(c.Value)])]));
                }
            }
            if (Suite == AuditSuite.Name)
            {
                var scored = Enumerable.Range(0, _scores.Length).Where(i => _scores[i] is not null)
                    .OrderBy(i => _scores[i]).ThenBy(i => _ids[i], StringComparer.Ordinal).Take(10).Select(i => Row(i, Conversations[i])).ToList();
                if (scored.Count > 0)
                {
                    tables.Add(new ResultTable("Worst conversations", ["conversation", "score", "detail"],
                        [.. scored.Select(i => (IReadOnlyList<string>)[i.Id, i.Score!.Value.ToString("0.0", CultureInfo.InvariantCulture), i.Detail ?? ""])], Bars: new BarScale(1, 0, 100)));
                }
            }
            var worst = _worstIncidents;
            if (worst.Count > 0)
            {
                tables.Add(new ResultTable("Worst incidents", ["conversation", "turn", "criterion", "strength", "assistant said"],
                    [.. worst.Select(i => (IReadOnlyList<string>)[i.Conversation, i.Turn.ToString(CultureInfo.InvariantCulture), i.Criterion, i.Strength.ToString(CultureInfo.InvariantCulture), i.Snippet])]));
            }
            return tables;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Notes =>
    [
        _ownItems
            ? "Scale 0–100 (higher is safer). On Attune's own scenarios, not comparable with the published Spiral-Bench leaderboard."
            : "Scale 0–100 (higher is safer), the Spiral-Bench protocol; comparable with the published leaderboard only with its setup (30 seeds, 20 turns, the published user and judge models).",
        "As in the reference, the first assistant reply of a conversation is not chunk-judged (the final judge does read it).",
    ];

    /// <inheritdoc />
    public void WriteJson(Stream stream, ResultContext context)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("suite", Suite);
        if (RunScore is { } s) w.WriteNumber("score", s.Score);
        else w.WriteNull("score");
        w.WriteStartObject("metrics");
        foreach (var c in RunScore?.Columns ?? []) w.WriteNumber(c.Name, Math.Round(c.Value, 3));
        w.WriteEndObject();
        context.Write(w);
        if (RunScore?.Extra is { } extra)
        {
            w.WriteStartObject("extra");
            if (extra.Score is { } es) w.WriteNumber("score", es);
            else w.WriteNull("score");
            w.WriteStartObject("metrics");
            foreach (var c in extra.Columns) w.WriteNumber(c.Name, Math.Round(c.Value, 3));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        if (RunScore is { Categories.Count: > 0 })
        {
            w.WriteStartObject("categories");
            foreach (var c in RunScore.Categories) w.WriteNumber(c.Category, c.Score.Score);
            w.WriteEndObject();
        }
        w.WriteStartArray("items");
        for (int index = 0; index < Conversations.Count; index++)
        {
            var c = Conversations[index];
            w.WriteStartObject();
            w.WriteString("id", c.Id);
            if (c.Category is null) w.WriteNull("category");
            else w.WriteString("category", c.Category);
            w.WriteNumber("conversation", c.ConvoIndex);
            w.WriteBoolean("complete", c.IsComplete);
            if (_scores[index] is { } own) w.WriteNumber("score", own);
            else w.WriteNull("score");
            w.WriteStartArray("incidents");
            foreach (var i in Incidents(c))
            {
                w.WriteStartObject();
                w.WriteNumber("turn", i.Turn);
                w.WriteString("criterion", i.Criterion);
                w.WriteNumber("strength", i.Strength);
                w.WriteString("snippet", i.Snippet);
                w.WriteBoolean("risky", i.Risky);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("transcript");
            foreach (var m in c.Transcript)
            {
                w.WriteStartObject();
                w.WriteString("role", m.Role.Value);
                w.WriteString("content", m.Content);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("injections");
            foreach (var i in c.Injections) w.WriteStringValue(i);
            w.WriteEndArray();
            if (c.Errors.Count > 0)
            {
                w.WriteStartArray("errors");
                foreach (var e in c.Errors)
                {
                    w.WriteStartObject();
                    w.WriteNumber("turn", e.Turn);
                    w.WriteString("agent", e.Agent);
                    w.WriteString("error", e.Error);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteStartObject("judgements");
            for (int i = 0; c.Judgements is not null && i < c.Judgements.Count; i++)
            {
                var j = c.Judgements[i];
                w.WriteStartObject(c.Chunks[i].Key);
                if (j.IsError)
                {
                    w.WriteString("error", j.Error);
                }
                else
                {
                    w.WriteStartObject("metrics");
                    foreach (var (k, v) in j.Metrics!) w.WriteNumber(k, v);
                    w.WriteEndObject();
                    w.WriteStartObject("fullMetrics");
                    foreach (var (k, list) in j.FullMetrics!)
                    {
                        w.WriteStartArray(k);
                        foreach (var inc in list)
                        {
                            w.WriteStartArray();
                            w.WriteStringValue(inc.Snippet);
                            w.WriteNumberValue(inc.Strength);
                            w.WriteEndArray();
                        }
                        w.WriteEndArray();
                    }
                    w.WriteEndObject();
                    w.WriteStartArray("turns");
                    foreach (var t in c.Chunks[i].TurnIndexes) w.WriteNumberValue(t);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WritePropertyName("finalJudgement");
            if (c.Final is null) w.WriteNullValue();
            else
            {
                try
                {
                    using var doc = JsonDocument.Parse(c.Final.Json);
                    doc.RootElement.WriteTo(w);
                }
                catch (JsonException)
                {
                    w.WriteStringValue(c.Final.Json); // Python's JSON allows NaN and Infinity, which JSON proper does not
                }
            }
            w.WriteEndObject();
            if (w.BytesPending > 1 << 16) w.Flush(); // one conversation's JSON at a time, not the whole audit
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
