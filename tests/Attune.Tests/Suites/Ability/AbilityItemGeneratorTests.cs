using Attune.Suites.Ability;
using Attune.Text;

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

    // From tools/similarity-pairs/pairs.tsv: a paraphrase that shares few words (overlap below 0.5) but means the same.
    private static string ItemJson(string scenario) =>
        "{\"scenario\": \"" + scenario + "\", \"subject\": \"Tomás\", \"choices\": [\"Resentment\", \"Joy\", \"Pride\", \"Relief\", \"Gratitude\"], \"answer\": 0, \"category\": \"unfairness\"}";

    private const string First = "Tomás was passed over for a promotion he had worked toward for three years. His manager gave the role to a colleague who joined six months ago.";
    private const string Paraphrase = "After three years of working toward a promotion, Tomás did not get it. His boss chose a coworker who had only been at the company for half a year.";

    /// <summary>A loopback model whose answers come from a script, in order (the generator: the script starts again when
    /// <paramref name="restart"/> says so), or always the same (the judge).</summary>
    private static Task<TestEndpoint> Scripted(IReadOnlyList<string> generated, Func<bool>? restart = null)
    {
        int next = 0;
        return TestEndpoint.StartAsync(req =>
        {
            if (req.Model == "judge") return TestReply.Ok("{\"answer_q1\": \"A\", \"answer_q2\": \"A\"}");
            if (restart?.Invoke() == true) next = 0;
            return TestReply.Ok(generated[Math.Min(Interlocked.Increment(ref next) - 1, generated.Count - 1)]);
        });
    }

    [Fact]
    public async Task Encoder_cosine_rejects_a_paraphrase_that_word_overlap_lets_through()
    {
        bool rewind = false;
        await using var server = await Scripted([ItemJson(First), ItemJson(Paraphrase)], () => { var r = rewind; rewind = false; return r; });
        var set = AbilityItemSet.LoadBuiltIn();
        var judge = server.CreateClient("judge");
        var withCosine = await new AbilityItemGenerator(server.CreateClient("generator"), [("judge", judge)], set, 1.0, 0.5, TextSimilarity.Shared, AbilityItemGenerator.DefaultMaxCosine)
            .GenerateAsync(AbilityTask.EU, 2, null, CancellationToken.None);
        Assert.True(withCosine[0].Accepted, withCosine[0].Reason);
        Assert.False(withCosine[1].Accepted);
        Assert.Contains("cosine", withCosine[1].Reason, StringComparison.Ordinal);

        rewind = true; // the generator starts its script again
        var overlapOnly = await new AbilityItemGenerator(server.CreateClient("generator"), [("judge", judge)], set, 1.0, 0.5)
            .GenerateAsync(AbilityTask.EU, 2, null, CancellationToken.None);
        Assert.True(overlapOnly[1].Accepted, overlapOnly[1].Reason);
    }

    [Fact]
    public async Task Max_cosine_must_be_a_cosine()
    {
        await using var server = await Scripted(["x"]);
        using var client = server.CreateClient();
        Assert.Throws<InputException>(() => new AbilityItemGenerator(client, [("judge", client)], AbilityItemSet.LoadBuiltIn(), 1.0, 0.5, TextSimilarity.Shared, 1.5));
    }
}
