using System.Text.RegularExpressions;

namespace Attune.Models;

/// <summary>
/// How <c>builtin:baseline</c> answers lettered multiple-choice items: it prefers options that share words with the
/// situation, emotions whose valence matches the situation's tone and that the built-in estimator reads in it, and
/// actions with constructive wording. A floor,
/// not a model of emotional intelligence.
/// </summary>
internal static partial class BaselineChoice
{
    [GeneratedRegex(@"^\s*([A-Z])\)\s+(.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex ChoiceLine();

    [GeneratedRegex(@"\p{L}{4,}")]
    private static partial Regex Word();

    private static readonly string[] Constructive =
        ["talk", "listen", "ask", "explain", "calm", "support", "acknowledge", "understand", "help", "plan", "together", "privately", "honest", "share", "apolog", "reassur", "counsel", "breath", "step"];

    private static readonly string[] Unhelpful =
        ["ignore", "avoid", "quit", "yell", "shout", "confront", "never", "secret", "silent", "pretend", "blame", "revenge", "insult", "storm", "refuse", "nothing", "suppress", "forget"];

    public static string? Answer(string prompt, string system)
    {
        var groups = new List<List<string>>();
        foreach (Match m in ChoiceLine().Matches(prompt))
        {
            if (m.Groups[1].Value == "A" || groups.Count == 0) groups.Add([]);
            groups[^1].Add(m.Groups[2].Value);
        }
        if (groups.Count == 0) return null;
        int choicesStart = prompt.IndexOf("A) ", StringComparison.Ordinal);
        var scenario = (choicesStart > 0 ? prompt[..choicesStart] : prompt).ToLowerInvariant();
        var words = Word().Matches(scenario).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        double tone = BaselineLexicon.Tone(scenario, wordStart: false, exclamationsAreNegative: false);
        var read = Attune.Emotions.BuiltInEstimator.Load().Estimate(choicesStart > 0 ? prompt[..choicesStart] : prompt);
        var letters = groups.Select(g => Pick(g, words, tone, read)).ToList();
        if (system.Contains("answer_q1", StringComparison.Ordinal))
        {
            return letters.Count > 1
                ? $"{{\"answer_q1\": \"{letters[0]}\", \"answer_q2\": \"{letters[1]}\"}}"
                : $"{{\"answer_q1\": \"{letters[0]}\"}}";
        }
        return $"{{\"answer\": \"{letters[0]}\"}}";
    }

    private static string Pick(List<string> options, HashSet<string> scenarioWords, double tone, Attune.Emotions.EmotionScores read)
    {
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < options.Count; i++)
        {
            var text = options[i].ToLowerInvariant();
            double score = Word().Matches(text).Count(m => scenarioWords.Contains(m.Value)) * 0.5;
            score += Constructive.Sum(c => BaselineLexicon.Count(text, c, wordStart: false)) - (1.5 * Unhelpful.Sum(c => BaselineLexicon.Count(text, c, wordStart: false)));
            if (BaselineLexicon.FamilyOf(options[i]) is { } family)
            {
                score += 3 * family.Valence * tone;
                if (family.GoEmotions.Length > 0) score += 4 * family.GoEmotions.Max(l => read[l]);
            }
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }
        return ((char)('A' + best)).ToString();
    }
}
