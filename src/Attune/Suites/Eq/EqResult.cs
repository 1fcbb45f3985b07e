using System.Globalization;
using Attune.Statistics;

namespace Attune.Suites.Eq;

/// <summary>An EQ-Bench run scored with both parsers.</summary>
/// <param name="Parser">The parser that gives the headline figure.</param>
/// <param name="Strict">The leaderboard-comparable figure (reference parser).</param>
/// <param name="Lenient">The lenient parser's figure, never comparable with the leaderboard.</param>
/// <param name="MaxTokens">The completion limit used.</param>
/// <param name="Questions">The questions.</param>
/// <param name="Language">The questions' language.</param>
/// <param name="Revise">Revise mode.</param>
public sealed record EqResult(EqParserKind Parser, EqSuiteScore Strict, EqSuiteScore Lenient, int MaxTokens, EqQuestionSet Questions, EqLanguage Language, bool Revise) : ISuiteResult
{
    private IReadOnlyList<ItemRow>? _items;

    /// <summary>The headline figure: the chosen parser's.</summary>
    public EqSuiteScore Primary => Parser == EqParserKind.Strict ? Strict : Lenient;

    /// <summary>Where the questions came from.</summary>
    public string Source => Questions.Source;

    /// <summary>True when the score can be set beside the public EQ-Bench leaderboard: an official question file under the strict parser.</summary>
    public bool LeaderboardComparable => Parser == EqParserKind.Strict && !Source.StartsWith("builtin:", StringComparison.Ordinal) && Questions.Questions.Count == Questions.Total;

    /// <inheritdoc />
    public string Suite => EqSuite.Name;

    /// <inheritdoc />
    public double Score => Primary.Score;

    /// <inheritdoc />
    public bool FailedThreshold => Primary.FailedParseThreshold;

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public IReadOnlyList<SuiteMetric> Metrics
    {
        get
        {
            var p = Primary;
            var other = Parser == EqParserKind.Strict ? Lenient : Strict;
            var (lo, hi) = Bootstrap.MeanInterval([.. this.ItemScores().Values]);
            string label = Parser == EqParserKind.Strict
                ? (LeaderboardComparable ? "Score (strict parser, leaderboard-comparable)" : "Score (strict parser; Attune's own items, not on the public leaderboard)")
                : "Score (lenient parser, NOT leaderboard-comparable)";
            return
            [
                new SuiteMetric("score", label, p.Score, F(p.Score), lo, hi),
                new SuiteMetric("parseable", "Parseable", p.Parseable,
                    $"{F(p.Parseable)} / {p.Questions}{(p.FailedParseThreshold ? " (below 83.33%: run failed)" : "")}", Warning: p.FailedParseThreshold),
                new SuiteMetric(Parser == EqParserKind.Strict ? "lenientScore" : "strictScore",
                    Parser == EqParserKind.Strict ? "Lenient score (not leaderboard-comparable)" : "Strict score (leaderboard-comparable)",
                    other.Score, $"{F(other.Score)} ({F(other.Parseable)} parseable)"),
                new SuiteMetric("maxTokens", "Completion limit", MaxTokens, MaxTokens.ToString(CultureInfo.InvariantCulture) + " tokens"),
            ];
        }
    }

    /// <summary>
    /// Every question and iteration. The score is on the benchmark's 0–100 scale: the pass the 0.95 rule chose for the
    /// iteration (first or revised); null when the question did not score.
    /// </summary>
    public IReadOnlyList<ItemRow> Items => _items ??= BuildItems();

    private List<ItemRow> BuildItems()
    {
        var p = Primary;
        var revisedChosen = p.Iterations.ToDictionary(i => i.Iteration, i => i.RevisedChosen);
        var rows = new List<ItemRow>(p.Items.Count);
        foreach (var item in p.Items)
        {
            bool revised = revisedChosen.GetValueOrDefault(item.Iteration);
            double? v = p.Version == EqVersion.V1
                ? (revised ? item.RevisedScoreV1 : item.FirstPassScoreV1)
                : (revised ? item.RevisedScore : item.FirstPassScore);
            string status = !item.Stored && item.Attempts == 0 ? "unanswered" : v is null ? "unparsed" : "ok";
            string detail = $"{item.Attempts} attempt(s)" + (item.Error is null ? "" : " · " + item.Error);
            rows.Add(new ItemRow(item.Id, item.Iteration, v * 10, status, detail, item.Response));
        }
        return rows;
    }

    /// <inheritdoc />
    public IReadOnlyList<ResultTable> Tables
    {
        get
        {
            var p = Primary;
            var iterations = new ResultTable("Iterations", ["iteration", "first pass", "parseable", "revised", "parseable", "final"],
                [.. p.Iterations.Select(it => (IReadOnlyList<string>)[it.Iteration.ToString(CultureInfo.InvariantCulture), F(it.FirstPassScore), it.FirstPassParseable.ToString(CultureInfo.InvariantCulture),
                    F(it.RevisedScore), it.RevisedParseable.ToString(CultureInfo.InvariantCulture), F(it.FinalScore)])]);
            var errors = EmotionErrors().Where(e => e.Count >= 2).Take(20).ToList();
            var emotions = new ResultTable("Which emotions the model over- and under-rates", ["emotion", "answers", "mean signed error", "mean absolute error"],
                [.. errors.Select(e => (IReadOnlyList<string>)[e.Emotion, e.Count.ToString(CultureInfo.InvariantCulture),
                    e.MeanSignedError.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture), F(e.MeanAbsoluteError)])],
                "Mean of answer − reference over scored answers, for emotion words rated at least twice; positive means over-rated.",
                errors.Count == 0 ? null : new BarScale(2, -Math.Max(0.5, errors.Max(e => Math.Abs(e.MeanSignedError))), Math.Max(0.5, errors.Max(e => Math.Abs(e.MeanSignedError)))));
            return [iterations, emotions];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Notes =>
    [
        .. Questions.Questions.Count < Questions.Total
            ? [$"PARTIAL item set: the first {Questions.Questions.Count} of {Questions.Total} questions (--limit); not comparable with a full run."]
            : Array.Empty<string>(),
        LeaderboardComparable
            ? "Scale 0–100 (EQ-Bench v2). On this official question file the strict score compares with the public EQ-Bench leaderboard."
            : Source.StartsWith("builtin:", StringComparison.Ordinal)
                ? "Scale 0–100 on Attune's own 64 items; not comparable with the public EQ-Bench leaderboard (run --questions with the official file for that)."
                : "Scale 0–100. Only the strict parser's score compares with the public EQ-Bench leaderboard.",
        Source.StartsWith("builtin:", StringComparison.Ordinal)
            ? "For scale: builtin:baseline (surface cues, no model) scores 22.39 on these items. Next: a real model (--model openai:…), then attune report latest --out run.html."
            : "Next: attune report latest --out run.html for the items, the emotions the model over- or under-rates, and parse failures.",
    ];

    /// <summary>How a model rates one emotion word against the references.</summary>
    /// <param name="Emotion">The emotion word.</param>
    /// <param name="Count">How many scored answers rated it.</param>
    /// <param name="MeanSignedError">Mean of answer − reference (positive: over-rated).</param>
    /// <param name="MeanAbsoluteError">Mean absolute difference.</param>
    public sealed record EmotionError(string Emotion, int Count, double MeanSignedError, double MeanAbsoluteError);

    /// <summary>Per emotion word, how the headline parser's answers differ from the references, most telling first.</summary>
    public IReadOnlyList<EmotionError> EmotionErrors()
    {
        var primary = Primary;
        var errors = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var byId = Questions.Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        foreach (var item in primary.Items.Where(i => i.Stored && i.Parsed is not null))
        {
            if (!byId.TryGetValue(item.Id, out var q)) continue;
            var reference = (primary.Version == EqVersion.V1 ? q.Reference : q.Fullscale) ?? q.Reference;
            var map = item.RevisedScore is not null || item.RevisedScoreV1 is not null ? item.Parsed!.Revised : item.Parsed!.FirstPass;
            if (map.Count == 0) map = item.Parsed!.FirstPass;
            foreach (var (name, raw) in map)
            {
                int idx = reference.Emotions.ToList().IndexOf(name);
                if (idx < 0 || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) continue;
                if (!errors.TryGetValue(name, out var list)) errors[name] = list = [];
                list.Add(v - reference.Scores[idx]);
            }
        }
        return [.. errors
            .Select(e => new EmotionError(e.Key, e.Value.Count, e.Value.Average(), e.Value.Average(Math.Abs)))
            .OrderByDescending(e => Math.Abs(e.MeanSignedError) * Math.Sqrt(e.Count))
            .ThenBy(e => e.Emotion, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public void WriteJson(Stream stream, ResultContext context) => EqJsonDocument.Write(stream, this, new EqJsonDocument.Context(context, Source, Language, Revise));
}
