namespace Attune.Suites.Eq;

/// <summary>An EQ-Bench run scored with both parsers.</summary>
/// <param name="Parser">The parser that gives the headline figure.</param>
/// <param name="Strict">The leaderboard-comparable figure (reference parser).</param>
/// <param name="Lenient">The lenient parser's figure, never comparable with the leaderboard.</param>
/// <param name="MaxTokens">The completion limit used.</param>
public sealed record EqResult(EqParserKind Parser, EqSuiteScore Strict, EqSuiteScore Lenient, int MaxTokens)
{
    /// <summary>The headline figure: the chosen parser's.</summary>
    public EqSuiteScore Primary => Parser == EqParserKind.Strict ? Strict : Lenient;
}
