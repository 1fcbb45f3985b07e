using Attune.Suites.Eq;

namespace Attune.Tests.Suites.Eq;

public class EqAcceptanceTests
{
    private const string Good = "Remorseful: 0\nIndifferent: 6\nAffectionate: 0\nAnnoyed: 7";
    private const string Zeros = "Remorseful: 0\nIndifferent: 0\nAffectionate: 0\nAnnoyed: 0";

    private static EqItemResult Decide(bool revise, params string[] texts)
    {
        var q = EqTestData.Question();
        var attempts = texts.Select((t, i) => EqAttempt.Evaluate(q, i + 1, t, EqLanguage.En, revise, EqParserKind.Strict)).ToList();
        return EqAcceptance.Decide(q.Id, 1, attempts, revise);
    }

    [Fact]
    public void First_successful_attempt_is_stored()
    {
        var r = Decide(false, "nonsense", Good);
        Assert.True(r.Stored);
        Assert.Equal(2, r.Attempt);
        Assert.Equal(10.0, r.FirstPassScore);
    }

    [Fact]
    public void All_zero_answer_is_rejected_by_v1_even_though_v2_scores_it()
    {
        var r = Decide(false, Zeros, Zeros, Zeros);
        Assert.False(r.Stored);
        Assert.Null(r.FirstPassScore);
    }

    [Fact]
    public void Revise_mode_keeps_first_partial_when_all_attempts_fail()
    {
        string partial = "First pass scores:\n" + Good + "\nRevised scores:\nnothing";
        var r = Decide(true, "junk", partial, partial);
        Assert.True(r.Stored);
        Assert.Equal(2, r.Attempt);
        Assert.Equal(10.0, r.FirstPassScore);
        Assert.Null(r.RevisedScore);
    }

    [Fact]
    public void Revise_mode_prefers_a_later_full_success_over_an_earlier_partial()
    {
        string partial = "First pass scores:\n" + Good + "\nRevised scores:\nnothing";
        string full = "First pass scores:\n" + Good + "\nRevised scores:\n" + Good;
        var r = Decide(true, partial, full);
        Assert.Equal(2, r.Attempt);
        Assert.Equal(10.0, r.RevisedScore);
    }

    [Fact]
    public void Unconvertible_value_fails_the_whole_attempt_without_partial()
    {
        var q = EqTestData.German();
        string text = "Erste Bewertung:\nReuevoll: 0\nGleichgültig: 6\nZuneigend: 0\nVerärgert: 7\nÜberarbeitete Bewertung:\nReuevoll: 0\nGleichgültig: 6,5\nZuneigend: 0\nVerärgert: 7";
        var attempt = EqAttempt.Evaluate(q, 1, text, EqLanguage.De, true, EqParserKind.Strict);
        Assert.NotNull(attempt.Error);
        var r = EqAcceptance.Decide(q.Id, 1, [attempt], true);
        Assert.False(r.Stored);
    }

    [Fact]
    public void Temperatures_accumulate_as_the_reference_does()
    {
        Assert.Equal(0.01, EqAttempt.TemperatureFor(1));
        Assert.Equal(0.01 + 0.15, EqAttempt.TemperatureFor(2));
        Assert.Equal(0.01 + 0.15 + 0.15, EqAttempt.TemperatureFor(3));
    }
}
