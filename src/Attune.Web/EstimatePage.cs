using System.Text;
using System.Text.Json.Nodes;
using Attune.Emotions;
using static Attune.Web.Html;

namespace Attune.Web;

/// <summary>The estimator page: a text box, a taxonomy selector, and the built-in estimator's emotions as bars.</summary>
internal static class EstimatePage
{
    /// <summary>The built-in estimator's reading of a text in a taxonomy, or why it cannot be given.</summary>
    public sealed record Estimate(string Text, Taxonomy Taxonomy, EmotionScores? Scores, bool Truncated, string? Problem)
    {
        public JsonObject ToJson()
        {
            var scores = new JsonObject();
            foreach (var (label, value) in Scores?.Scores ?? new Dictionary<string, double>()) scores[label] = Math.Round(value, 4);
            return new JsonObject
            {
                ["taxonomy"] = Taxonomy.Name,
                ["labels"] = new JsonArray([.. (Scores?.Labels ?? []).Select(l => (JsonNode)l)]),
                ["scores"] = scores,
                ["truncated"] = Truncated,
                ["problem"] = Problem,
            };
        }
    }

    public static Taxonomy ParseTaxonomy(string? name, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(name)) return Taxonomy.GoEmotions;
        try
        {
            return Taxonomy.Parse(name);
        }
        catch (ArgumentException)
        {
            problem = $"\"{name}\" is not a taxonomy; use {string.Join(", ", Taxonomy.KnownNames)}";
            return Taxonomy.GoEmotions;
        }
    }

    public static Estimate Run(string text, Taxonomy taxonomy, string? problem)
    {
        if (text.Length == 0) return new Estimate(text, taxonomy, null, false, problem);
        var scores = BuiltInEstimator.Load().Estimate(text);
        try
        {
            if (!scores.Taxonomy.Equals(taxonomy)) scores = TaxonomyMapping.Convert(scores, taxonomy);
        }
        catch (ArgumentException)
        {
            return new Estimate(text, taxonomy, null, false, $"the built-in estimator gives {scores.Taxonomy.Name} labels and no mapping to {taxonomy.Name} exists");
        }
        return new Estimate(text, taxonomy, scores, text.Length > BuiltInEstimator.MaxCharacters, problem);
    }

    public static string Render(Estimate e)
    {
        var sb = new StringBuilder("<h1>Estimate emotions</h1>");
        sb.Append("<p class=\"note\">The built-in estimator (a linear model over hashed n-grams, trained on GoEmotions) reads the text; other taxonomies come from its mappings. Nothing is stored.</p>");
        sb.Append("<form class=\"estimate\" method=\"get\" action=\"/estimate\" aria-label=\"Estimate emotions in a text\">");
        sb.Append("<div class=\"field wide\"><label for=\"text\">Text</label><textarea id=\"text\" name=\"text\" rows=\"5\" maxlength=\"20000\">").Append(H(e.Text)).Append("</textarea></div>");
        sb.Append(Select("taxonomy", "taxonomy", "Taxonomy", Taxonomy.KnownNames.Select(n => (n, n)), e.Taxonomy.Name));
        sb.Append("<div class=\"actions\"><button type=\"submit\">Estimate</button></div></form>");
        if (e.Problem is not null) sb.Append("<p class=\"warning\" role=\"alert\">").Append(H(e.Problem)).Append("</p>");
        if (e.Scores is { } s)
        {
            var predicted = s.Labels.ToHashSet(StringComparer.Ordinal);
            var bars = s.Scores.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Select(x => (x.Key, x.Value, predicted.Contains(x.Key))).ToList();
            sb.Append("<section id=\"estimate-result\"><h2>").Append(H(s.Taxonomy.Name)).Append(" <small>")
              .Append(s.Labels.Count == 0 ? "no label above its threshold" : "above threshold: " + H(string.Join(", ", s.Labels))).Append("</small></h2>");
            if (e.Truncated) sb.Append("<p class=\"note\">The text is longer than the estimator reads; it read the first ").Append(I(BuiltInEstimator.MaxCharacters)).Append(" characters.</p>");
            sb.Append(Charts.Bars(bars));
            sb.Append("<ol class=\"sr-only\">");
            foreach (var (label, value, on) in bars) sb.Append("<li>").Append(H(label)).Append(": ").Append(F(value)).Append(on ? " (above threshold)" : "").Append("</li>");
            sb.Append("</ol></section>");
        }
        return sb.ToString();
    }
}
