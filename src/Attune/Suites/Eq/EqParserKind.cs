namespace Attune.Suites.Eq;

/// <summary>Which answer parser reads responses.</summary>
public enum EqParserKind
{
    /// <summary>The reference harness's regular expressions, quirks included: scores compare with the public leaderboard.</summary>
    Strict,

    /// <summary>
    /// A forgiving reader (markdown bold, decimals, case-insensitive names, <c>7/10</c>, a number on the next line).
    /// Its figure is reported separately and does not compare with the leaderboard.
    /// </summary>
    Lenient,
}
