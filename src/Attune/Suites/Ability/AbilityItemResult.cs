namespace Attune.Suites.Ability;

/// <summary>One item in one iteration: what was read and whether it is right.</summary>
/// <param name="Item">The item.</param>
/// <param name="Iteration">1-based iteration.</param>
/// <param name="Answer">The letters read (empty when unparseable or unanswered).</param>
/// <param name="Correct">True when right (EU: both questions, when the item has two).</param>
/// <param name="Response">The raw response, or null when the item was not answered.</param>
public sealed record AbilityItemResult(AbilityItem Item, int Iteration, AbilityAnswer Answer, bool Correct, string? Response)
{
    /// <summary>The index of the chosen option for the first question, or -1.</summary>
    public int ChosenIndex => Answer.First.Length == 1 && Answer.First[0] - 'A' is var i && i >= 0 && i < Item.Choices.Count ? i : -1;
}
