namespace Attune.Suites.Eq;

/// <summary>A reference answer: four emotion names and their intensities, in the file's order.</summary>
/// <param name="Emotions">The four emotion names (<c>emotion1</c>..<c>emotion4</c>).</param>
/// <param name="Scores">The four reference intensities (<c>emotion1_score</c>..<c>emotion4_score</c>).</param>
public sealed record EqReference(IReadOnlyList<string> Emotions, IReadOnlyList<double> Scores);
