using System.Globalization;
using System.Text.Json.Nodes;
using Attune.Running;
using Attune.Storage;

namespace Attune.Web;

/// <summary>
/// Where a run stands now, read from the store: trials with at least one stored turn out of the trial count the run
/// stored when it started, answers stored, and the partial score of what is stored (scored exactly as
/// <see cref="RunCatalog.ScoreAsync"/> scores it: the run's suite over its stored transcripts).
/// </summary>
internal sealed record LiveSnapshot(RunRecord Run, int? Trials, int Started, int Answers, string? ScoreLabel, double? Score, string? ScoreDisplay, double? Lower, double? Upper, string? Problem)
{
    public double? Progress => Trials is > 0 and var t ? Math.Min(1, Started / (double)t) : null;

    public static async Task<LiveSnapshot> TakeAsync(RunCatalog catalog, long id, CancellationToken ct)
    {
        var run = await catalog.GetAsync(id, ct).ConfigureAwait(false);
        var transcripts = await SuiteRunner.TranscriptsAsync(catalog.Store, id, ct).ConfigureAwait(false);
        int? trials = run.Metrics.TryGetValue(SuiteRunner.TrialsMetric, out var t) && t >= 0 ? (int)t : null;
        int answers = transcripts.Values.Sum(x => x.Turns.Count);
        if (run.Suite == RatingRunner.SuiteName)
        {
            return new LiveSnapshot(run, trials, transcripts.Count, answers, null, null, null, null, null, "a rating run has no partial score; its ladder appears when it completes");
        }
        try
        {
            var result = RunCatalog.SuiteOf(run).Score(transcripts);
            var headline = result.Metrics.FirstOrDefault();
            return new LiveSnapshot(run, trials, transcripts.Count, answers, headline?.Label, headline?.Value is { } v && double.IsFinite(v) ? v : null, headline?.Display, headline?.Lower, headline?.Upper, null);
        }
        catch (InputException ex)
        {
            return new LiveSnapshot(run, trials, transcripts.Count, answers, null, null, null, null, null, ex.Message);
        }
    }

    public JsonObject ToJson()
    {
        static JsonNode? Num(double? v) => v is { } d && double.IsFinite(d) ? JsonValue.Create(d) : null;
        return new JsonObject
        {
            ["id"] = Run.Id,
            ["suite"] = Run.Suite,
            ["model"] = Run.Model,
            ["status"] = Run.Status.Name(),
            ["trials"] = Trials,
            ["started"] = Started,
            ["progress"] = Num(Progress),
            ["answers"] = Answers,
            ["scoreLabel"] = ScoreLabel,
            ["score"] = Num(Score),
            ["scoreDisplay"] = ScoreDisplay,
            ["ci95"] = Lower is { } lo && Upper is { } hi && double.IsFinite(lo) && double.IsFinite(hi) ? new JsonArray(lo, hi) : null,
            ["problem"] = Problem,
            ["at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
    }
}
