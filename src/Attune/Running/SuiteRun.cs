using System.Collections.Concurrent;
using Attune.Suites;

namespace Attune.Running;

/// <summary>Runs every trial of a suite through a <see cref="TrialRunner"/>, then scores the responses.</summary>
public static class SuiteRun
{
    /// <summary>Asks the model for every trial and returns the scored result.</summary>
    public static async Task<ISuiteResult> RunAsync(ISuite suite, TrialRunner runner, CancellationToken cancellationToken)
    {
        var responses = new ConcurrentDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        await runner.RunAsync(suite.TrialIds, async (trialId, gateway, ct) =>
        {
            responses[trialId] = await suite.RunTrialAsync(trialId, gateway, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return suite.Score(responses);
    }
}
