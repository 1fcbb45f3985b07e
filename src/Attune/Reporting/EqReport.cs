using Attune.Statistics;
using Attune.Suites.Eq;

namespace Attune.Reporting;

/// <summary>Everything a run report shows, computed from a scored result and its questions (pure).</summary>
public sealed record EqReport(
    string Title,
    EqResult Result,
    double CiLower,
    double CiUpper,
    IReadOnlyList<EqReport.Bin> Histogram,
    IReadOnlyList<EqReport.EmotionError> EmotionErrors,
    IReadOnlyList<EqItemResult> ParseFailures,
    IReadOnlyDictionary<string, string> Facts)
{
    /// <summary>A histogram bin of per-question scores.</summary>
    /// <param name="Label">Bin label, e.g. <c>70–80</c>.</param>
    /// <param name="Count">Questions in the bin.</param>
    public sealed record Bin(string Label, int Count);

    /// <summary>How a model rates one emotion word against the references.</summary>
    /// <param name="Emotion">The emotion word.</param>
    /// <param name="Count">How many scored answers rated it.</param>
    /// <param name="MeanSignedError">Mean of answer − reference (positive: over-rated).</param>
    /// <param name="MeanAbsoluteError">Mean absolute difference.</param>
    public sealed record EmotionError(string Emotion, int Count, double MeanSignedError, double MeanAbsoluteError);

    /// <summary>Builds the report.</summary>
    public static EqReport Build(string title, EqResult result, EqQuestionSet questions, IReadOnlyDictionary<string, string> facts)
    {
        var primary = result.Primary;
        var perItem = EqItemScores.Of(primary);
        var (lo, hi) = Bootstrap.MeanInterval([.. perItem.Values]);
        var bins = new List<Bin>();
        var values = perItem.Values.ToList();
        if (values.Any(v => v < 0)) bins.Add(new Bin("< 0", values.Count(v => v < 0)));
        for (int b = 0; b < 10; b++)
        {
            double from = b * 10, to = (b + 1) * 10;
            bins.Add(new Bin($"{from:0}–{to:0}", values.Count(v => v >= from && (v < to || (b == 9 && v <= to)))));
        }
        var errors = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var byId = questions.Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        foreach (var item in primary.Items.Where(i => i.Stored && i.Parsed is not null))
        {
            var q = byId[item.Id];
            var reference = (primary.Version == EqVersion.V1 ? q.Reference : q.Fullscale) ?? q.Reference;
            var map = item.RevisedScore is not null || item.RevisedScoreV1 is not null ? item.Parsed!.Revised : item.Parsed!.FirstPass;
            if (map.Count == 0) map = item.Parsed!.FirstPass;
            foreach (var (name, raw) in map)
            {
                int idx = reference.Emotions.ToList().IndexOf(name);
                if (idx < 0 || !double.TryParse(raw, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)) continue;
                if (!errors.TryGetValue(name, out var list)) errors[name] = list = [];
                list.Add(v - reference.Scores[idx]);
            }
        }
        var emotionErrors = errors
            .Select(e => new EmotionError(e.Key, e.Value.Count, e.Value.Average(), e.Value.Average(Math.Abs)))
            .OrderByDescending(e => Math.Abs(e.MeanSignedError) * Math.Sqrt(e.Count))
            .ThenBy(e => e.Emotion, StringComparer.Ordinal)
            .ToList();
        var failures = primary.Items.Where(i => !i.Stored || (i.FirstPassScore is null && i.RevisedScore is null && i.FirstPassScoreV1 is null)).ToList();
        return new EqReport(title, result, lo, hi, bins, emotionErrors, failures, facts);
    }
}
