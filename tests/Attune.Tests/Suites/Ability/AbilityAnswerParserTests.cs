using Attune.Suites.Ability;

namespace Attune.Tests.Suites.Ability;

public class AbilityAnswerParserTests
{
    [Theory]
    [InlineData("{\"answer\": \"B\"}", "B")]
    [InlineData("  {\"answer\": \"B\"}\n", "B")]
    [InlineData("Sure!\n```json\n{\"answer\": \"C\"}\n```\nHope it helps", "C")]
    [InlineData("```json\n{\"answer\": \"C\"}", "")]                 // no closing fence: the reference fails
    [InlineData("Answer: B", "")]                                      // not JSON
    [InlineData("{\"answer\": \"b\"}", "b")]                          // kept as written: never equals "B"
    [InlineData("{\"answer\": \"B) Talk to him\"}", "B) Talk to him")]
    [InlineData("{\"answer\": \"A\", \"answer\": \"D\"}", "D")]       // the last duplicate wins, as in Python
    [InlineData("{\"Answer\": \"B\"}", "")]                           // keys are case-sensitive
    [InlineData("[\"B\"]", "")]
    public void Strict_reads_exactly_what_the_reference_reads(string text, string expected)
        => Assert.Equal(expected, AbilityAnswerParser.Strict(text, AbilityTask.EA).First);

    [Fact]
    public void A_non_string_answer_never_counts()
    {
        var answer = AbilityAnswerParser.Strict("{\"answer\": 1}", AbilityTask.EA);
        var item = new AbilityItem(AbilityTask.EA, "1", "en", "c", null, "Action", "s", "x", ["p", "q"], 0, [], -1);
        Assert.False(AbilitySuite.IsCorrect(item, answer));
    }

    [Fact]
    public void Understanding_needs_both_answers_when_the_item_has_a_cause_question()
    {
        var item = new AbilityItem(AbilityTask.EU, "1", "en", "c", null, null, "s", "x", ["a", "b"], 1, ["c1", "c2", "c3"], 2);
        Assert.True(AbilitySuite.IsCorrect(item, AbilityAnswerParser.Strict("{\"answer_q1\": \"B\", \"answer_q2\": \"C\"}", AbilityTask.EU)));
        Assert.False(AbilitySuite.IsCorrect(item, AbilityAnswerParser.Strict("{\"answer_q1\": \"B\", \"answer_q2\": \"A\"}", AbilityTask.EU)));
        var single = item with { CauseChoices = [], CauseAnswer = -1 };
        Assert.True(AbilitySuite.IsCorrect(single, AbilityAnswerParser.Strict("{\"answer_q1\": \"B\"}", AbilityTask.EU)));
    }

    [Theory]
    [InlineData("{\"answer\": \"b\"}", "B")]
    [InlineData("{\"Answer\": \"(C)\"}", "C")]
    [InlineData("{\"answer\": \"B) Talk to him\"}", "B")]
    [InlineData("I would pick (D).", "")]
    [InlineData("Answer: B", "B")]
    [InlineData("**A**", "A")]
    [InlineData("C", "C")]
    [InlineData("{'answer': 'D',}", "D")]
    public void Lenient_reads_common_deviations(string text, string expected)
        => Assert.Equal(expected, AbilityAnswerParser.Lenient(text, AbilityTask.EA).First);

    [Fact]
    public void Lenient_reads_two_answers_from_text()
    {
        var a = AbilityAnswerParser.Lenient("Answer Q1: B\nAnswer Q2: D", AbilityTask.EU);
        Assert.Equal(("B", "D"), (a.First, a.Second));
    }
}
