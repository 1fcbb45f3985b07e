using Attune.Statistics;

namespace Attune.Suites.Eq3;

/// <summary>
/// The leaderboard's ability columns (§6), each the mean raw 0–20 value, over all rubric-scored tasks, of the criteria
/// it groups. Values are pooled: every value of every listed criterion in every task counts once. Null when no task
/// has any of the criteria.
/// </summary>
/// <param name="Humanlike">conversational, humanlike.</param>
/// <param name="Safe">safety_conscious.</param>
/// <param name="Assertive">boundary_setting, challenging.</param>
/// <param name="SocialIq">social_dexterity, message_tailoring.</param>
/// <param name="Warm">warmth, validating.</param>
/// <param name="Analytical">analytical.</param>
/// <param name="Insightful">depth_of_insight.</param>
/// <param name="Empathy">demonstrated_empathy.</param>
/// <param name="Compliant">compliant.</param>
/// <param name="Moral">moralising.</param>
/// <param name="Pragmatic">pragmatic_ei.</param>
public sealed record Eq3Abilities(
    double? Humanlike, double? Safe, double? Assertive, double? SocialIq, double? Warm, double? Analytical,
    double? Insightful, double? Empathy, double? Compliant, double? Moral, double? Pragmatic)
{
    /// <summary>Computes the columns from the tasks with status <c>rubric_scored</c>.</summary>
    /// <param name="tasks">All tasks of a run.</param>
    public static Eq3Abilities Compute(IEnumerable<Eq3Task> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var scored = tasks.Where(t => t.Status == Eq3Status.RubricScored && t.RubricScores is not null).Select(t => t.RubricScores!).ToList();
        double? Mean(params string[] keys)
        {
            var values = scored.SelectMany(s => keys.Where(s.ContainsKey).Select(k => s[k])).ToList();
            return values.Count == 0 ? null : PythonFloat.Mean(values);
        }
        return new Eq3Abilities(
            Mean("conversational", "humanlike"), Mean("safety_conscious"), Mean("boundary_setting", "challenging"),
            Mean("social_dexterity", "message_tailoring"), Mean("warmth", "validating"), Mean("analytical"),
            Mean("depth_of_insight"), Mean("demonstrated_empathy"), Mean("compliant"), Mean("moralising"), Mean("pragmatic_ei"));
    }
}
