namespace Attune.Suites.Eq;

/// <summary>What one attempt's response yields: the parsed maps and its v1 and v2 scores for each pass.</summary>
/// <param name="Attempt">1-based attempt number.</param>
/// <param name="Response">The raw response text.</param>
/// <param name="Parsed">The parsed first-pass and revised maps.</param>
/// <param name="FirstPassScoreV1">v1 first-pass score, or null.</param>
/// <param name="RevisedScoreV1">v1 revised score (revise mode), or null.</param>
/// <param name="FirstPassScore">v2 first-pass score, or null.</param>
/// <param name="RevisedScore">v2 revised score (revise mode), or null.</param>
/// <param name="Error">Set when a value could not be converted and the reference would fail the attempt outright.</param>
public sealed record EqAttempt(
    int Attempt,
    string Response,
    EqParsedAnswer Parsed,
    double? FirstPassScoreV1,
    double? RevisedScoreV1,
    double? FirstPassScore,
    double? RevisedScore,
    string? Error)
{
    /// <summary>Number of attempts the reference makes per question.</summary>
    public const int MaxAttempts = 3;

    /// <summary>Temperature of the first attempt.</summary>
    public const double FirstTemperature = 0.01;

    /// <summary>Temperature added on each retry.</summary>
    public const double TemperatureStep = 0.15;

    /// <summary>The temperature of a 1-based attempt, accumulated as the reference does (0.01, +0.15, +0.15).</summary>
    public static double TemperatureFor(int attempt)
    {
        double t = FirstTemperature;
        for (int i = 1; i < attempt; i++) t += TemperatureStep;
        return t;
    }

    /// <summary>
    /// Scores a response. <paramref name="revise"/> decides which passes must score; the v1 scores decide success,
    /// as in the reference.
    /// </summary>
    public static EqAttempt Evaluate(EqQuestion question, int attempt, string response, EqLanguage language, bool revise, EqParserKind parser)
    {
        var parsed = parser == EqParserKind.Strict
            ? EqStrictParser.Parse(response, language, revise)
            : EqLenientParser.Parse(response, question, language, revise);
        try
        {
            double? fv1 = EqScoring.ScoreV1(question.Reference, parsed.FirstPass);
            double? rv1 = revise ? EqScoring.ScoreV1(question.Reference, parsed.Revised) : null;
            double? fv2 = null, rv2 = null;
            if (question.Fullscale is not null)
            {
                fv2 = EqScoring.ScoreFullscale(question.Fullscale, parsed.FirstPass);
                rv2 = revise ? EqScoring.ScoreFullscale(question.Fullscale, parsed.Revised) : null;
            }
            return new EqAttempt(attempt, response, parsed, fv1, rv1, fv2, rv2, null);
        }
        catch (EqValueException ex)
        {
            return new EqAttempt(attempt, response, parsed, null, null, null, null, ex.Message);
        }
    }

    /// <summary>True when the reference accepts this attempt: its v1 first-pass score exists (and, in revise mode, its v1 revised score).</summary>
    public bool Succeeded(bool revise) => Error is null && FirstPassScoreV1 is not null && (!revise || RevisedScoreV1 is not null);

    /// <summary>True when, in revise mode, this failed attempt may be kept as a partial result (either v1 pass scored).</summary>
    public bool IsPartial(bool revise) => revise && Error is null && !Succeeded(revise) && (FirstPassScoreV1 is not null || RevisedScoreV1 is not null);
}
