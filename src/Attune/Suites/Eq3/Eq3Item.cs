namespace Attune.Suites.Eq3;

/// <summary>One scenario of one iteration of a stored eq3 run.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Iteration">The iteration (1-based).</param>
/// <param name="Task">The task as the reference keeps it (status under the reference's names, history, sections, debrief, rubric scores).</param>
/// <param name="RubricText">The judge's rubric reply, when there is one.</param>
/// <param name="RubricError">Why the rubric could not be read (<c>Failed to parse scores</c>), when it could not.</param>
/// <param name="Score">The task's rubric score (0–20), when scored.</param>
public sealed record Eq3Item(Eq3Scenario Scenario, int Iteration, Eq3Task Task, string? RubricText, string? RubricError, double? Score);
