namespace Attune.Statistics;

/// <summary>Classical test theory figures for one item.</summary>
/// <param name="Item">The item id.</param>
/// <param name="Respondents">How many respondents answered it.</param>
/// <param name="Difficulty">Proportion correct (p).</param>
/// <param name="Lower">Lower bound of the bootstrap 95% CI of p (over respondents).</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Discrimination">Corrected item–total point-biserial correlation (the item against the total of the other items); NaN when undefined.</param>
/// <param name="Choices">How often each option was chosen (index → count); -1 counts unreadable answers.</param>
/// <param name="Flags">Warnings: <c>too-easy</c>, <c>too-hard</c>, <c>negative-discrimination</c>, <c>no-variance</c>.</param>
public sealed record ItemStatistic(string Item, int Respondents, double Difficulty, double Lower, double Upper, double Discrimination, IReadOnlyDictionary<int, int> Choices, IReadOnlyList<string> Flags);
