namespace Attune.Reporting;

/// <summary>One CI gate and whether the run passed it.</summary>
/// <param name="Name">The gate (<c>threshold</c>, <c>fail-under</c>, <c>fail-if-worse</c>).</param>
/// <param name="Passed">True when the gate passed.</param>
/// <param name="Message">One line: the rule and the figures it was decided on.</param>
public sealed record GateOutcome(string Name, bool Passed, string Message);
