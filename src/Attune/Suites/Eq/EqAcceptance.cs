namespace Attune.Suites.Eq;

/// <summary>
/// The reference harness's acceptance rule: the first successful attempt is stored; in revise mode, when every attempt
/// fails, the first attempt where either pass had a v1 score is stored as a partial result; otherwise nothing.
/// </summary>
public static class EqAcceptance
{
    /// <summary>Decides what is stored for a question from its attempts, in the order they were made.</summary>
    public static EqItemResult Decide(string id, int iteration, IReadOnlyList<EqAttempt> attempts, bool revise)
    {
        if (attempts.Count == 0)
        {
            return new EqItemResult(id, iteration, false, 0, 0, null, null, null, null, null, null, null);
        }
        var success = attempts.FirstOrDefault(a => a.Succeeded(revise));
        if (success is not null) return Store(id, iteration, success, attempts.Count);
        var partial = attempts.FirstOrDefault(a => a.IsPartial(revise));
        if (partial is not null) return Store(id, iteration, partial, attempts.Count);
        var last = attempts[^1];
        return new EqItemResult(id, iteration, false, last.Attempt, attempts.Count, last.Parsed, null, null, null, null, last.Response, last.Error);
    }

    private static EqItemResult Store(string id, int iteration, EqAttempt a, int count)
        => new(id, iteration, true, a.Attempt, count, a.Parsed, a.FirstPassScore, a.RevisedScore, a.FirstPassScoreV1, a.RevisedScoreV1, a.Response, a.Error);
}
