namespace Attune.Emotions;

/// <summary>A label of a taxonomy with its score.</summary>
/// <param name="Label">The label name.</param>
/// <param name="Score">The score, between 0 and 1.</param>
public readonly record struct LabelScore(string Label, double Score);
