using System.ClientModel;
using Attune.Emotions;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Attune.Tests.Emotions;

public class ChatModelEstimatorTests
{
    [Fact]
    public async Task Reads_json_in_the_chosen_taxonomy_over_real_http()
    {
        await using var server = await TestEndpoint.StartAsync(req => TestReply.Ok(
            req.Prompt.Contains("win", StringComparison.Ordinal)
                ? "Sure:\n```json\n{\"Joy\": 0.9, \"surprise\": \"0.6\", \"anger\": 0}\n```"
                : "{\"sadness\": 8, \"fear\": 3}"));
        var estimator = new ChatModelEstimator(server.CreateClient(), Taxonomy.Ekman);
        var scores = await estimator.EstimateAsync(["We win!", "My dog died", ""]);
        Assert.Equal(["joy", "surprise"], scores[0].Labels);
        Assert.Equal(0.9, scores[0]["joy"], 9);
        Assert.Equal(0.8, scores[1]["sadness"], 9); // a 0-10 answer is rescaled
        Assert.Equal(["sadness"], scores[1].Labels);
        Assert.Empty(scores[2].Labels);
        Assert.Equal(2, server.Calls); // the empty text is not sent
        Assert.All(server.Requests, r => Assert.Contains("disgust", r.Prompt, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_answer_is_asked_again_once()
    {
        await using var server = await TestEndpoint.StartAsync(req => TestReply.Ok(req.Call == 1 ? "I feel it is mostly joyful." : "{\"joy\": 1}"));
        var estimator = new ChatModelEstimator(server.CreateClient(), Taxonomy.Ekman);
        var scores = await estimator.EstimateAsync(["Hooray"]);
        Assert.Equal(["joy"], scores[0].Labels);
        Assert.Equal(2, server.Calls);
        Assert.Equal(4, server.Requests.Last().Messages.Count(m => m.Role is "user" or "assistant") + 1);
    }

    [Fact]
    public async Task Two_bad_answers_are_an_error_not_a_silent_zero()
    {
        await using var server = await TestEndpoint.StartAsync(_ => TestReply.Ok("no idea"));
        var estimator = new ChatModelEstimator(server.CreateClient(), Taxonomy.Ekman);
        await Assert.ThrowsAsync<ProviderException>(() => estimator.EstimateAsync(["Hmm"]));
        Assert.Equal(2, server.Calls);
    }
}
