using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Attune.Suites.Eq;

/// <summary>Writes an EQ result as the one JSON document <c>attune run --json</c> and <c>attune eq score --json</c> print.</summary>
public static class EqJsonDocument
{
    /// <summary>Context written beside the figures.</summary>
    /// <param name="Result">The run id and model spec (never a key), when known.</param>
    /// <param name="Source">Question source.</param>
    /// <param name="Language">Language.</param>
    /// <param name="Revise">Revise mode.</param>
    public sealed record Context(ResultContext Result, string Source, EqLanguage Language, bool Revise);

    /// <summary>Renders the document as a string.</summary>
    public static string Write(EqResult result, Context context)
    {
        using var ms = new MemoryStream();
        Write(ms, result, context);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Writes the document to a stream (UTF-8, no trailing newline) without building it in memory first.</summary>
    public static void Write(Stream stream, EqResult result, Context context)
    {
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var p = result.Primary;
            w.WriteStartObject();
            w.WriteString("suite", EqSuite.Name);
            Number(w, "score", p.Score);
            Number(w, "parseable", p.Parseable);
            w.WriteNumber("questions", p.Questions);
            w.WriteBoolean("failedParseThreshold", p.FailedParseThreshold);
            w.WriteString("parser", p.Parser == EqParserKind.Strict ? "strict" : "lenient");
            Number(w, "strictScore", result.Strict.Score);
            Number(w, "strictParseable", result.Strict.Parseable);
            Number(w, "lenientScore", result.Lenient.Score);
            Number(w, "lenientParseable", result.Lenient.Parseable);
            w.WriteString("version", p.Version == EqVersion.V1 ? "v1" : "v2");
            w.WriteString("language", context.Language == EqLanguage.De ? "de" : "en");
            w.WriteBoolean("revise", context.Revise);
            w.WriteNumber("maxTokens", result.MaxTokens);
            context.Result.Write(w);
            w.WriteString("questionSource", context.Source);
            w.WriteStartArray("iterations");
            foreach (var it in p.Iterations)
            {
                w.WriteStartObject();
                w.WriteNumber("iteration", it.Iteration);
                Number(w, "firstPassScore", it.FirstPassScore);
                w.WriteNumber("firstPassParseable", it.FirstPassParseable);
                Number(w, "revisedScore", it.RevisedScore);
                w.WriteNumber("revisedParseable", it.RevisedParseable);
                Number(w, "finalScore", it.FinalScore);
                w.WriteNumber("finalParseable", it.FinalParseable);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("items");
            foreach (var item in p.Items)
            {
                w.WriteStartObject();
                w.WriteString("id", item.Id);
                w.WriteNumber("iteration", item.Iteration);
                w.WriteBoolean("stored", item.Stored);
                w.WriteNumber("attempt", item.Attempt);
                w.WriteNumber("attempts", item.Attempts);
                Map(w, "firstPass", item.Parsed?.FirstPass);
                Map(w, "revised", item.Parsed?.Revised);
                Number(w, "firstPassScore", item.FirstPassScore);
                Number(w, "revisedScore", item.RevisedScore);
                Number(w, "firstPassScoreV1", item.FirstPassScoreV1);
                Number(w, "revisedScoreV1", item.RevisedScoreV1);
                if (item.Error is not null) w.WriteString("error", item.Error);
                if (item.Response is null) w.WriteNull("response");
                else w.WriteString("response", item.Response);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    private static void Map(Utf8JsonWriter w, string name, EqAnswerMap? map)
    {
        w.WriteStartObject(name);
        if (map is not null)
        {
            foreach (var (key, value) in map)
            {
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) w.WriteNumber(key, d);
                else w.WriteString(key, value);
            }
        }
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is not { } v) w.WriteNull(name);
        else if (double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteString(name, v.ToString(CultureInfo.InvariantCulture));
    }
}
