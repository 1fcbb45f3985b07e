using Attune.Suites.Ability;

namespace Attune.Tests.Suites.Ability;

public class AbilityItemGeneratorTests
{
    private const string Good = "{\"scenario\": \"Ama, a nurse in Accra, finishes a double shift and learns her request for leave was lost again.\", \"subject\": \"Ama\", \"choices\": [\"Frustration\", \"Joy\", \"Pride\", \"Relief\", \"Gratitude\"], \"answer\": 0, \"category\": \"blame-other\"}";

    [Fact]
    public void Parses_a_valid_item()
    {
        var (item, problem) = AbilityItemGenerator.ParseItem("Here you go:\n" + Good, AbilityTask.EU, 3);
        Assert.Null(problem);
        Assert.Equal("g3", item!.Qid);
        Assert.Equal(0, item.Answer);
    }

    [Theory]
    [InlineData("no json here", "malformed")]
    [InlineData("{\"scenario\": \"x\"", "malformed")]
    [InlineData("{\"scenario\": \"Ama, a nurse in Accra, finishes a double shift and learns her leave was lost.\", \"subject\": \"Ama\", \"choices\": [\"A\", \"B\", \"C\", \"D\"], \"answer\": 0}", "4 options, expected 5")]
    [InlineData("{\"scenario\": \"Ama, a nurse in Accra, finishes a double shift and learns her leave was lost.\", \"subject\": \"Ama\", \"choices\": [\"Joy\", \"joy\", \"C\", \"D\", \"E\"], \"answer\": 0}", "not unique")]
    [InlineData("{\"scenario\": \"Ama, a nurse in Accra, finishes a double shift and learns her leave was lost.\", \"subject\": \"Ama\", \"choices\": [\"A\", \"B\", \"C\", \"D\", \"E\"], \"answer\": 7}", "answer")]
    [InlineData("{\"scenario\": \"Ama, a nurse in Accra, finishes a double shift and learns her leave was lost.\", \"subject\": \"Kofi\", \"choices\": [\"A\", \"B\", \"C\", \"D\", \"E\"], \"answer\": 1}", "subject")]
    public void Rejects_bad_items_with_a_reason(string raw, string reason)
    {
        var (item, problem) = AbilityItemGenerator.ParseItem(raw, AbilityTask.EU, 1);
        Assert.Null(item);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Similarity_separates_near_copies_from_new_items()
    {
        var set = AbilityItemSet.LoadBuiltIn();
        var original = set.Items[0];
        var copy = original with { Qid = "g1", Scenario = original.Scenario.Replace(original.Subject, "Nadia", StringComparison.Ordinal), Subject = "Nadia" };
        Assert.True(AbilityItemGenerator.Similarity(original, copy) >= 0.5);
        var (fresh, _) = AbilityItemGenerator.ParseItem(Good, AbilityTask.EU, 1);
        Assert.True(set.Items.Max(i => AbilityItemGenerator.Similarity(fresh!, i)) < 0.5);
    }
}
