using Attune.Statistics;

namespace Attune.Suites.Ability;

/// <summary>Item statistics over scored ability runs: every run and iteration is a respondent.</summary>
/// <param name="All">Statistics over every item.</param>
/// <param name="ByTask">Statistics per task (KR-20 per task).</param>
public sealed record AbilityItemAnalysis(ItemAnalysis All, IReadOnlyDictionary<AbilityTask, ItemAnalysis> ByTask)
{
    /// <summary>Computes the statistics from scored runs, each named by a respondent label (e.g. <c>run 3 · openai:gpt-4o</c>).</summary>
    public static AbilityItemAnalysis Compute(IReadOnlyList<(string Respondent, AbilityResult Result)> runs)
    {
        var responses = new List<ItemResponse>();
        var tasks = new Dictionary<string, AbilityTask>(StringComparer.Ordinal);
        foreach (var (respondent, result) in runs)
        {
            foreach (var r in result.Items)
            {
                responses.Add(new ItemResponse($"{respondent} · it{r.Iteration}", r.Item.Key, r.Correct, r.ChosenIndex));
                tasks[r.Item.Key] = r.Item.Task;
            }
        }
        var byTask = tasks.Values.Distinct().ToDictionary(t => t, t => ItemAnalysis.Compute([.. responses.Where(r => tasks[r.Item] == t)]));
        return new AbilityItemAnalysis(ItemAnalysis.Compute(responses), byTask);
    }
}
