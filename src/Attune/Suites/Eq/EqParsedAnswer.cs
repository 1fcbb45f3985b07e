namespace Attune.Suites.Eq;

/// <summary>The emotion scores read from one response: the first pass and, in revise mode, the revised scores.</summary>
/// <param name="FirstPass">First-pass (or, in default mode, the only) scores.</param>
/// <param name="Revised">Revised scores; empty in default mode or when the heading is missing.</param>
public sealed record EqParsedAnswer(EqAnswerMap FirstPass, EqAnswerMap Revised);
