using Attune.Reporting;

namespace Attune.Suites.Eq;

/// <summary>An EQ-Bench run scored with both parsers.</summary>
/// <param name="Parser">The parser that gives the headline figure.</param>
/// <param name="Strict">The leaderboard-comparable figure (reference parser).</param>
/// <param name="Lenient">The lenient parser's figure, never comparable with the leaderboard.</param>
/// <param name="MaxTokens">The completion limit used.</param>
/// <param name="Source">Where the questions came from.</param>
/// <param name="Language">The questions' language.</param>
/// <param name="Revise">Revise mode.</param>
public sealed record EqResult(EqParserKind Parser, EqSuiteScore Strict, EqSuiteScore Lenient, int MaxTokens, string Source, EqLanguage Language, bool Revise) : ISuiteResult
{
    /// <summary>The headline figure: the chosen parser's.</summary>
    public EqSuiteScore Primary => Parser == EqParserKind.Strict ? Strict : Lenient;

    /// <inheritdoc />
    public string Suite => EqSuite.Name;

    /// <inheritdoc />
    public double Score => Primary.Score;

    /// <inheritdoc />
    public double? Parseable => Primary.Parseable;

    /// <inheritdoc />
    public bool FailedThreshold => Primary.FailedParseThreshold;

    /// <inheritdoc />
    public void WriteJson(Stream stream, string? model) => EqJsonReport.Write(stream, this, new EqJsonReport.Context(model, Source, Language, Revise));
}
