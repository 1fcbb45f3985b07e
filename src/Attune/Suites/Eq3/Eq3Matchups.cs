using Attune.Statistics;

namespace Attune.Suites.Eq3;

/// <summary>
/// Which logical pairs (scenario × iteration) a model under test is judged on against one opponent (§4.1, §5.4 step 3).
/// </summary>
/// <remarks>
/// For each kept pair a driver submits the forward direction, then the reversed one, in the order <see cref="Select"/>
/// returns (scenario id as text, then iteration key as text).
/// </remarks>
public static class Eq3Matchups
{
    /// <summary>
    /// The candidate logical pairs of the test model against an opponent, in order (scenario id as text, then iteration
    /// key as text): both have the scenario and the iteration; both tasks pass the eligibility gate; analysis tasks are
    /// <c>rubric_scored</c> on both sides, other kinds <c>completed</c> or <c>rubric_scored</c>; both histories are
    /// non-empty; non-analysis debriefs are present on both sides; and the signature is not in <paramref name="existing"/>.
    /// A later task for the same (scenario, iteration) replaces an earlier one.
    /// </summary>
    /// <param name="testModel">The model under test.</param>
    /// <param name="testTasks">Its tasks.</param>
    /// <param name="otherModel">The opponent.</param>
    /// <param name="otherTasks">The opponent's tasks.</param>
    /// <param name="existing">Signatures of stored error-free comparisons (it grows during a run).</param>
    public static IReadOnlyList<Eq3MatchupSignature> Candidates(string testModel, IEnumerable<Eq3Task> testTasks, string otherModel, IEnumerable<Eq3Task> otherTasks, IReadOnlySet<Eq3MatchupSignature> existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var mine = Index(testTasks);
        var theirs = Index(otherTasks);
        var result = new List<Eq3MatchupSignature>();
        foreach (var key in mine.Keys.Where(theirs.ContainsKey)
                     .OrderBy(k => k.Scenario, PythonFloat.CodePointOrder).ThenBy(k => k.Iteration, PythonFloat.CodePointOrder))
        {
            var a = mine[key];
            var b = theirs[key];
            if (!Eligible(a) || !Eligible(b)) continue;
            var signature = Eq3MatchupSignature.Create(testModel, otherModel, key.Scenario, key.Iteration);
            if (!existing.Contains(signature)) result.Add(signature);
        }
        return result;
    }

    private static Dictionary<(string Scenario, string Iteration), Eq3Task> Index(IEnumerable<Eq3Task> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var index = new Dictionary<(string, string), Eq3Task>();
        foreach (var t in tasks) index[(t.ScenarioId, t.IterationKey)] = t;
        return index;
    }

    /// <summary>Whether a task may be compared at all (status, history, debrief and the eligibility gate).</summary>
    /// <param name="task">The task.</param>
    public static bool Eligible(Eq3Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        bool analysis = task.Kind == Eq3ScenarioKind.Analysis;
        bool statusOk = analysis ? task.Status == Eq3Status.RubricScored : task.Status is Eq3Status.Completed or Eq3Status.RubricScored;
        return statusOk && task.History.Count > 0 && (analysis || task.Debrief is not null) && Eq3Generation.HasEnoughResponse(task.History);
    }

    /// <summary>
    /// The pairs to judge now: the cap less the pairs this model pair already has (any scenario and iteration); nothing
    /// when that is 0; all candidates when they fit; otherwise candidates sorted with scenario <c>"404"</c> first (by
    /// iteration number), then the rest by (scenario id as text, iteration number), thinned to the cap at indices
    /// round(i·(n−1)/(k−1)) with half-to-even rounding. The result keeps candidate order.
    /// </summary>
    /// <param name="candidates">From <see cref="Candidates"/>.</param>
    /// <param name="cap">The cap for this opponent (<see cref="MatchupSchedule.PairCap"/>).</param>
    /// <param name="existingWithOpponent">Existing signatures for this model pair.</param>
    public static IReadOnlyList<Eq3MatchupSignature> Select(IReadOnlyList<Eq3MatchupSignature> candidates, int cap, int existingWithOpponent)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        int effective = Math.Max(0, cap - existingWithOpponent);
        if (effective == 0) return [];
        if (candidates.Count <= effective) return candidates.ToList();
        var sorted = candidates
            .OrderBy(s => s.ScenarioId == "404" ? 0 : 1)
            .ThenBy(s => s.ScenarioId == "404" ? "" : s.ScenarioId, PythonFloat.CodePointOrder)
            .ThenBy(s => Eq3Pairwise.PythonInt(s.IterationKey) ?? 0)
            .ToList();
        var keep = MatchupSchedule.EvenlySpaced(sorted, effective).ToHashSet();
        return candidates.Where(keep.Contains).ToList();
    }

    /// <summary>How many existing signatures involve exactly these two models.</summary>
    /// <param name="existing">Existing signatures.</param>
    /// <param name="modelA">One model.</param>
    /// <param name="modelB">The other.</param>
    public static int CountExisting(IEnumerable<Eq3MatchupSignature> existing, string modelA, string modelB)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var probe = Eq3MatchupSignature.Create(modelA, modelB, "", "");
        return existing.Count(s => s.First == probe.First && s.Second == probe.Second);
    }

    /// <summary>The existing-matchup set: signatures of all error-free comparisons with both models, a scenario and an iteration.</summary>
    /// <param name="comparisons">Stored comparisons.</param>
    public static HashSet<Eq3MatchupSignature> Existing(IEnumerable<Eq3Comparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        return comparisons.Where(c => !c.IsError && c.TestModel.Length > 0 && c.OtherModel.Length > 0 && c.ScenarioId.Length > 0)
            .Select(c => c.Signature).ToHashSet();
    }
}
