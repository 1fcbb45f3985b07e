using System.Text.Encodings.Web;
using System.Text.Json;
using Attune.Statistics;

namespace Attune.Suites.Eq3;

/// <summary>The result of pairwise rating: every model's place on the ladder and the comparisons the solver consumed.</summary>
/// <param name="Ratings">Model → rating, best first.</param>
/// <param name="Comparisons">Valid comparisons in the order the final solve consumed them.</param>
/// <param name="Errors">Comparisons whose verdict could not be read (stored, never rated).</param>
/// <param name="Normalized">True when both anchor models were present, so <see cref="LadderRating.EloNorm"/> is on the public scale.</param>
public sealed record Eq3Rating(IReadOnlyList<KeyValuePair<string, LadderRating>> Ratings, IReadOnlyList<Eq3Comparison> Comparisons, IReadOnlyList<Eq3Comparison> Errors, bool Normalized)
{
    /// <summary>Writes the <c>attune rate --json</c> document.</summary>
    public void WriteJson(Stream stream) => WriteJson(stream, null);

    /// <summary>Writes the <c>--json</c> document of <c>attune rate</c>, naming the rating run it was stored as.</summary>
    /// <param name="stream">Where to write (UTF-8).</param>
    /// <param name="run">The rating run's id, when stored.</param>
    public void WriteJson(Stream stream, long? run)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("suite", Eq3Suite.Name);
        if (run is { } id) w.WriteNumber("run", id);
        w.WriteBoolean("normalized", Normalized);
        w.WriteStartArray("ratings");
        foreach (var (model, r) in Ratings)
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteNumber("elo", r.Elo);
            w.WriteNumber("eloNorm", r.EloNorm);
            w.WriteNumber("sigma", r.Sigma);
            w.WriteNumber("ciLow", r.CiLow);
            w.WriteNumber("ciHigh", r.CiHigh);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("comparisons");
        foreach (var c in Comparisons)
        {
            w.WriteStartObject();
            w.WriteString("scenario", c.ScenarioId);
            w.WriteString("iteration", c.IterationKey);
            w.WriteString("testModel", c.TestModel);
            w.WriteString("otherModel", c.OtherModel);
            w.WriteString("order", c.OrderText);
            Number(w, "plusForTest", c.PlusForTest);
            Number(w, "plusForOther", c.PlusForOther);
            Number(w, "outcomeForTest", c.OutcomeForTest);
            Number(w, "fractionForTest", c.FractionForTest);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("unreadableVerdicts", Errors.Count);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
