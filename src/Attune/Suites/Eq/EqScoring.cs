namespace Attune.Suites.Eq;

/// <summary>
/// Scores one parsed answer against a reference, exactly as the reference harness's <c>calculate_score_fullscale</c>
/// (v2) and <c>calculate_score</c> (v1) do, including their order of floating-point operations.
/// </summary>
public static class EqScoring
{
    /// <summary>The constant that makes random answering score about zero in v2.</summary>
    public const double AdjustConstant = 0.7477;

    /// <summary>
    /// v2 score of an answer, or null when the answer does not name exactly the four reference emotions.
    /// Throws <see cref="EqValueException"/> where the reference's <c>float()</c> would raise (a value like <c>7,5</c>).
    /// </summary>
    public static double? ScoreFullscale(EqReference reference, EqAnswerMap answer)
    {
        if (!NamesMatch(reference, answer)) return null;
        double tally = 0;
        foreach (var (emotion, value) in answer)
        {
            for (int i = 0; i < 4; i++)
            {
                if (emotion == reference.Emotions[i])
                {
                    double d = Math.Abs(ToFloat(value) - reference.Scores[i]);
                    tally += ScaledDifference(d);
                }
            }
        }
        return 10 - (tally * AdjustConstant);
    }

    /// <summary>The v2 penalty for an absolute difference: 0 at 0, an S-curve up to 5, the difference itself above.</summary>
    public static double ScaledDifference(double d)
    {
        if (d == 0) return 0;
        if (d <= 5) return 6.5 * (1 / (1 + Math.Pow(Math.E, -1.2 * (d - 4))));
        return d;
    }

    /// <summary>
    /// Legacy v1 score: the four answers rescaled to sum to 10, then 10 minus the sum of absolute differences.
    /// Null when the names do not match or the answers sum to zero or less.
    /// Throws <see cref="EqValueException"/> where the reference's <c>float()</c> would raise.
    /// </summary>
    public static double? ScoreV1(EqReference reference, EqAnswerMap answer)
    {
        if (!NamesMatch(reference, answer)) return null;
        double total = 0;
        foreach (var (_, value) in answer) total += ToFloat(value);
        if (total <= 0) return null;
        double tally = 0;
        foreach (var (emotion, value) in answer)
        {
            double normalised = ToFloat(value) / total * 10;
            for (int i = 0; i < 4; i++)
            {
                if (emotion == reference.Emotions[i]) tally += Math.Abs(normalised - reference.Scores[i]);
            }
        }
        return 10 - tally;
    }

    private static bool NamesMatch(EqReference reference, EqAnswerMap answer)
    {
        if (answer.Count != 4) return false;
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (emotion, _) in answer)
        {
            for (int i = 0; i < 4; i++)
            {
                if (emotion == reference.Emotions[i]) matched.Add(emotion);
            }
        }
        return matched.Count == 4;
    }

    private static double ToFloat(string value)
        => PythonCompat.TryFloat(value, out var v) ? v : throw new EqValueException(value);
}
