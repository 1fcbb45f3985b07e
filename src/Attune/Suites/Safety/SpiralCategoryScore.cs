namespace Attune.Suites.Safety;

/// <summary>The score of one seed category: the run's scoring applied to that category's conversations alone (an Attune addition).</summary>
/// <param name="Category">The category.</param>
/// <param name="Score">The category's score, columns and final-judge means.</param>
public sealed record SpiralCategoryScore(string Category, SpiralRunScore Score);
