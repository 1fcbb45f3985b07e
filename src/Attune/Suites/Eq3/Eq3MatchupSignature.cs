using Attune.Statistics;

namespace Attune.Suites.Eq3;

/// <summary>A logical pair: two models (in code-point order), a scenario and an iteration key.</summary>
/// <param name="First">The model that sorts first by code point.</param>
/// <param name="Second">The other model.</param>
/// <param name="ScenarioId">Scenario id.</param>
/// <param name="IterationKey">Iteration key as text.</param>
public sealed record Eq3MatchupSignature(string First, string Second, string ScenarioId, string IterationKey)
{
    /// <summary>The signature of a pair of models in either order.</summary>
    /// <param name="modelA">One model.</param>
    /// <param name="modelB">The other.</param>
    /// <param name="scenarioId">Scenario id.</param>
    /// <param name="iterationKey">Iteration key.</param>
    public static Eq3MatchupSignature Create(string modelA, string modelB, string scenarioId, string iterationKey) =>
        PythonFloat.CompareCodePoints(modelA, modelB) <= 0
            ? new Eq3MatchupSignature(modelA, modelB, scenarioId, iterationKey)
            : new Eq3MatchupSignature(modelB, modelA, scenarioId, iterationKey);
}
