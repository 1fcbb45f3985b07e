namespace Attune.Suites.Ability;

/// <summary>A task's figures.</summary>
/// <param name="Task">EU or EA.</param>
/// <param name="Accuracy">Percent correct over items × iterations.</param>
/// <param name="Lower">Lower bound of the bootstrap 95% CI (over items).</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Answers">Item × iteration rows scored.</param>
/// <param name="Parsed">Rows with a readable answer.</param>
/// <param name="Categories">Percent correct and rows per category.</param>
public sealed record AbilityTaskScore(AbilityTask Task, double Accuracy, double Lower, double Upper, int Answers, int Parsed, IReadOnlyDictionary<string, (double Accuracy, int Answers)> Categories);
