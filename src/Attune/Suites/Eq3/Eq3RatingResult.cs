using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Attune.Suites.Eq3;

/// <summary>
/// The result of a pairwise rating run (<c>attune rate</c>), read from the figures the run stored: the ladder with each
/// model's 95% interval, and each model's win rate per scenario kind. It has no items of its own (the rated
/// conversations belong to the eq3 runs it read).
/// </summary>
public sealed class Eq3RatingResult : ISuiteResult
{
    /// <summary>The metric-name prefixes a rating run stores per model.</summary>
    internal const string Elo = "elo:", EloNorm = "eloNorm:", Sigma = "sigma:", CiLow = "ciLow:", CiHigh = "ciHigh:", WinRate = "winRate:";

    /// <summary>The metric that is 1 when the ladder is on the public scale (both anchor models rated).</summary>
    public const string NormalizedMetric = "normalized";

    /// <summary>The scenario-kind key of the win rate over every kind.</summary>
    internal const string AllKinds = "all";

    private static readonly string[] Kinds = ["roleplay", "drafting", "analysis", AllKinds];

    private readonly IReadOnlyDictionary<string, double> _metrics;
    private readonly List<string> _models;

    /// <summary>Reads a rating run's stored figures.</summary>
    /// <param name="suite">The suite name the run is stored under.</param>
    /// <param name="metrics">The run's metrics (<c>elo:MODEL</c>, <c>ciLow:MODEL</c>, <c>winRate:KIND:MODEL</c>, …).</param>
    public Eq3RatingResult(string suite, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Suite = suite;
        _metrics = metrics;
        _models = [.. metrics.Keys.Where(k => k.StartsWith(Elo, StringComparison.Ordinal)).Select(k => k[Elo.Length..])
            .OrderByDescending(m => Value(EloNorm, m) ?? Value(Elo, m)).ThenBy(m => m, StringComparer.Ordinal)];
    }

    /// <summary>Each model's win rate per scenario kind and over all kinds, as metrics (<c>winRate:KIND:MODEL</c>): the share of its judgements it won, a tie counting half, both orders counted.</summary>
    /// <param name="comparisons">The judgements the solve used (error records are left out).</param>
    /// <param name="kindOf">The kind of a scenario id.</param>
    public static IReadOnlyDictionary<string, double> WinRates(IEnumerable<Eq3Comparison> comparisons, Func<string, Eq3ScenarioKind> kindOf)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        ArgumentNullException.ThrowIfNull(kindOf);
        var tally = new Dictionary<string, (double Won, int Count)>(StringComparer.Ordinal);
        void Add(string kind, string model, double won)
        {
            var key = WinRate + kind + ":" + model;
            var (w, n) = tally.GetValueOrDefault(key);
            tally[key] = (w + won, n + 1);
        }
        foreach (var c in comparisons)
        {
            if (c.IsError || c.OutcomeForTest is not { } outcome) continue;
            var kind = Eq3Result.KindName(kindOf(c.ScenarioId));
            foreach (var k in new[] { kind, AllKinds })
            {
                Add(k, c.TestModel, outcome);
                Add(k, c.OtherModel, 1 - outcome);
            }
        }
        return tally.ToDictionary(t => t.Key, t => t.Value.Won / t.Value.Count, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public string Suite { get; }

    /// <summary>A rating has no single headline score: NaN (the ladder is the result).</summary>
    public double Score => double.NaN;

    /// <inheritdoc />
    public bool FailedThreshold => false;

    /// <inheritdoc />
    public IReadOnlyList<SuiteMetric> Metrics =>
    [
        new("models", "Models rated", _models.Count, _models.Count.ToString(CultureInfo.InvariantCulture)),
        new("comparisons", "Pairwise judgements used", _metrics.GetValueOrDefault("comparisons"), _metrics.GetValueOrDefault("comparisons").ToString("0", CultureInfo.InvariantCulture)),
        .. _models.Take(1).Select(m => new SuiteMetric("top", "Top of the ladder", Value(EloNorm, m), $"{m} ({F(Value(EloNorm, m))})", Value(CiLow, m), Value(CiHigh, m))),
    ];

    /// <inheritdoc />
    public IReadOnlyList<ItemRow> Items => [];

    /// <inheritdoc />
    public IReadOnlyList<ResultTable> Tables
    {
        get
        {
            if (_models.Count == 0) return [];
            double lo = _models.Min(m => Value(CiLow, m) ?? Value(EloNorm, m) ?? 0), hi = _models.Max(m => Value(CiHigh, m) ?? Value(EloNorm, m) ?? 0);
            double pad = Math.Max(10, (hi - lo) * 0.05);
            var ladder = new ResultTable(
                "Ladder (rating with its 95% interval)",
                ["model", "rating", "95% low", "95% high", "σ"],
                [.. _models.Select(m => (IReadOnlyList<string>)[m, F(Value(EloNorm, m)), F(Value(CiLow, m)), F(Value(CiHigh, m)), F(Value(Sigma, m))])],
                "TrueSkill solved from the pairwise judgements, as the EQ-Bench 3 reference does; the interval is ±1.96σ. Overlapping intervals do not separate two models.",
                new BarScale(1, Math.Floor((lo - pad) / 10) * 10, Math.Ceiling((hi + pad) / 10) * 10, 2, 3));
            var kinds = Kinds.Where(k => _models.Any(m => Value(WinRate + k + ":", m) is not null)).ToList();
            if (kinds.Count == 0) return [ladder];
            var wins = new ResultTable(
                "Win rate per scenario kind",
                ["model", .. kinds.Select(k => k == AllKinds ? "all kinds" : k)],
                [.. _models.Select(m => (IReadOnlyList<string>)[m, .. kinds.Select(k => Value(WinRate + k + ":", m) is { } w ? (w * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "–")])],
                "Share of the model's pairwise judgements it won (a tie counts half), both orders counted, by the kind of scenario judged.",
                new BarScale(kinds.Count, 0, 100));
            return [ladder, wins];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Notes => _models.Count == 0
        ? ["This rating run stored no ratings (it was stopped or failed before the solve)."]
        : [_metrics.GetValueOrDefault(NormalizedMetric) == 1
            ? "Ratings are normalised to the public scale (o3 = 1500, llama-3.2-1b = 200)."
            : "Ratings are raw TrueSkill values (the public anchor models were not rated here), comparable only within this ladder."];

    /// <inheritdoc />
    public void WriteJson(Stream stream, ResultContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("suite", Suite);
        context.Write(w);
        w.WriteStartArray("ratings");
        foreach (var m in _models)
        {
            w.WriteStartObject();
            w.WriteString("model", m);
            foreach (var (name, prefix) in new[] { ("elo", Elo), ("eloNorm", EloNorm), ("sigma", Sigma), ("ciLow", CiLow), ("ciHigh", CiHigh) })
            {
                if (Value(prefix, m) is { } v) w.WriteNumber(name, v);
            }
            w.WriteStartObject("winRate");
            foreach (var k in Kinds)
            {
                if (Value(WinRate + k + ":", m) is { } v) w.WriteNumber(k, v);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private double? Value(string prefix, string model) => _metrics.TryGetValue(prefix + model, out var v) && double.IsFinite(v) ? v : null;

    private static string F(double? v) => v is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) : "–";
}
