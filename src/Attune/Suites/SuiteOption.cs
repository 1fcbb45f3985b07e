namespace Attune.Suites;

/// <summary>An option a suite accepts on <c>attune run</c>, declared as data so any shell can offer it.</summary>
/// <param name="Name">The option's name without dashes (<c>revise</c> is <c>--revise</c>).</param>
/// <param name="Kind">What kind of value it takes.</param>
/// <param name="Description">One line of help.</param>
public sealed record SuiteOption(string Name, SuiteOptionKind Kind, string Description);
