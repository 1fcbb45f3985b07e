using Attune.Suites;

namespace Attune.Running;

/// <summary>A suite of a matrix file, with its options and role models (the file's defaults filled in).</summary>
/// <param name="Definition">The registered suite.</param>
/// <param name="Questions">Its item source, or null for the suite's own items.</param>
/// <param name="Options">Suite options by name (without dashes), as text.</param>
/// <param name="Judge">The judge model, when the suite entry or the file names one.</param>
/// <param name="JudgeBaseUrl">The judge's base URL.</param>
/// <param name="User">The simulated user's model, when named.</param>
/// <param name="UserBaseUrl">The simulated user's base URL.</param>
/// <param name="Line">Where it is declared (1-based).</param>
/// <param name="OptionLines">The line of each option, for error messages.</param>
public sealed record MatrixSuite(
    SuiteDefinition Definition,
    string? Questions,
    IReadOnlyDictionary<string, string?> Options,
    string? Judge,
    string? JudgeBaseUrl,
    string? User,
    string? UserBaseUrl,
    int Line,
    IReadOnlyDictionary<string, int> OptionLines);
