using Attune.Chat;
using Attune.Models;
using Microsoft.Extensions.AI;

namespace Attune.Tests.Chat;

public class ExtraBodyTests
{
    [Fact]
    public async Task Body_fields_reach_an_openai_compatible_server_as_top_level_fields()
    {
        await using var server = await TestEndpoint.StartAsync(_ => TestReply.Ok("ok"));
        using var client = ModelSpec.Parse("openai:m").CreateChatClient(new ModelOptions { BaseUrl = server.BaseUrl, Environment = _ => null });
        var options = ExtraBody.With(ExtraBody.With(new ChatOptions { Temperature = 0.7f }, "min_p", 0.1), "reasoning", System.Text.Json.Nodes.JsonNode.Parse("{\"effort\":\"low\"}")!);
        await client.GetResponseAsync("hi", options);
        var body = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(server.Requests).Body)!;
        Assert.Equal(0.1, body["min_p"]!.GetValue<double>());
        Assert.Equal("low", body["reasoning"]!["effort"]!.GetValue<string>());
        Assert.Equal(0.7, body["temperature"]!.GetValue<double>(), 5);
        Assert.Null(body["attune.body"]);
    }

    [Fact]
    public void Fields_accumulate_in_name_order_and_are_stripped()
    {
        var options = ExtraBody.With(ExtraBody.With(new ChatOptions(), "top_k", 5), "min_p", 0.1);
        Assert.Equal(["min_p", "top_k"], ExtraBody.Of(options).Keys);
        Assert.Empty(ExtraBody.Of(ExtraBody.Strip(options)));
    }
}
