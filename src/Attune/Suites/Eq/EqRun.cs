using System.Collections.Concurrent;
using Attune.Running;

namespace Attune.Suites.Eq;

/// <summary>Runs the <c>eq</c> suite against a model: every question in every iteration, then scores the responses.</summary>
public static class EqRun
{
    /// <summary>Asks the model through <paramref name="runner"/> and returns the scored result.</summary>
    public static async Task<EqResult> RunAsync(EqSuite suite, TrialRunner runner, CancellationToken cancellationToken)
    {
        var trials = new List<(EqQuestion Question, int Iteration)>();
        for (int it = 1; it <= suite.Options.Iterations; it++)
        {
            foreach (var q in suite.Questions.Questions) trials.Add((q, it));
        }
        var responses = new ConcurrentDictionary<(string, int), IReadOnlyList<string>>();
        await runner.RunAsync(trials, async (trial, gateway, ct) =>
        {
            var texts = await suite.RunTrialAsync(trial.Question, trial.Iteration, gateway, ct).ConfigureAwait(false);
            responses[(trial.Question.Id, trial.Iteration)] = texts;
        }, cancellationToken).ConfigureAwait(false);
        return suite.Score(responses);
    }
}
