namespace Attune.Suites.Ability;

/// <summary>The letters read from a response: the answer (EA, or EU question 1) and the EU cause answer.</summary>
/// <param name="First">EA <c>answer</c> or EU <c>answer_q1</c>; empty when unparseable.</param>
/// <param name="Second">EU <c>answer_q2</c>; empty for EA or when unparseable.</param>
public sealed record AbilityAnswer(string First, string Second)
{
    /// <summary>An unparseable answer (counts as wrong, as in the reference).</summary>
    public static AbilityAnswer Empty { get; } = new("", "");

    /// <summary>True when nothing was read.</summary>
    public bool IsEmpty => First.Length == 0 && Second.Length == 0;
}
