namespace Attune.Suites;

/// <summary>
/// One named figure of a scored run (in the spirit of Microsoft.Extensions.AI.Evaluation's metrics): stored by
/// <see cref="Name"/>, shown with <see cref="Label"/> and <see cref="Display"/>.
/// </summary>
/// <param name="Name">Stable key (<c>score</c> is the headline; e.g. <c>parseable</c>, <c>lenientScore</c>).</param>
/// <param name="Label">What a reader sees (e.g. <c>Score (strict parser, leaderboard-comparable)</c>).</param>
/// <param name="Value">The number, when the figure is one (stored); null for text-only figures.</param>
/// <param name="Display">The value as shown (with units, counts or context).</param>
/// <param name="Lower">Lower end of a 95% interval, when there is one.</param>
/// <param name="Upper">Upper end of a 95% interval, when there is one.</param>
/// <param name="Warning">True when the figure shows a problem (a failed threshold, many failures).</param>
public sealed record SuiteMetric(string Name, string Label, double? Value, string Display, double? Lower = null, double? Upper = null, bool Warning = false);
