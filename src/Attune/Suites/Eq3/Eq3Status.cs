namespace Attune.Suites.Eq3;

/// <summary>
/// Task and run statuses under the reference's names (§2.6). Role-play and drafting tasks go
/// <c>initialized → running_scenario → scenario_completed → running_debrief → completed → running_rubric_scoring →
/// rubric_scored</c>; analysis tasks skip the debrief; any step may go to <c>error</c>.
/// </summary>
public static class Eq3Status
{
    /// <summary>Created, nothing run yet.</summary>
    public const string Initialized = "initialized";

    /// <summary>Scenario turns in progress.</summary>
    public const string RunningScenario = "running_scenario";

    /// <summary>All turns answered (analysis tasks are ready for the rubric here).</summary>
    public const string ScenarioCompleted = "scenario_completed";

    /// <summary>Debrief in progress.</summary>
    public const string RunningDebrief = "running_debrief";

    /// <summary>Debrief answered (role-play and drafting tasks are ready for the rubric here).</summary>
    public const string Completed = "completed";

    /// <summary>Rubric judging in progress.</summary>
    public const string RunningRubricScoring = "running_rubric_scoring";

    /// <summary>Rubric scores stored.</summary>
    public const string RubricScored = "rubric_scored";

    /// <summary>A step failed; the task's error fields say which.</summary>
    public const string Error = "error";

    /// <summary>Run status when every task reached its expected final state.</summary>
    public const string RunCompleted = "completed";

    /// <summary>Run status otherwise.</summary>
    public const string RunCompletedWithErrors = "completed_with_errors";

    /// <summary>The status from which a task of this kind is rubric-judged: <c>scenario_completed</c> for analysis, else <c>completed</c>.</summary>
    /// <param name="kind">Scenario kind.</param>
    public static string ReadyForRubric(Eq3ScenarioKind kind) => kind == Eq3ScenarioKind.Analysis ? ScenarioCompleted : Completed;

    /// <summary>The final state a task should reach: <c>rubric_scored</c> with the rubric on, else the ready state.</summary>
    /// <param name="kind">Scenario kind.</param>
    /// <param name="rubric">Whether rubric scoring is on.</param>
    public static string ExpectedFinal(Eq3ScenarioKind kind, bool rubric) => rubric ? RubricScored : ReadyForRubric(kind);

    /// <summary>The run's final status: <c>completed</c> if every task reached its expected final state, else <c>completed_with_errors</c>.</summary>
    /// <param name="tasks">Each task's kind and status.</param>
    /// <param name="rubric">Whether rubric scoring is on.</param>
    public static string RunStatus(IEnumerable<(Eq3ScenarioKind Kind, string Status)> tasks, bool rubric) =>
        tasks.All(t => t.Status == ExpectedFinal(t.Kind, rubric)) ? RunCompleted : RunCompletedWithErrors;
}
