using System.Diagnostics.Metrics;
using Attune.Emotions;
using Attune.Guard;
using Microsoft.Extensions.AI;

namespace Attune.Tests.Guard;

public class EmotionalContextChatClientTests
{
    private const string Distressed = "I'm so scared and sad, I can't stop crying and I feel terrified about tomorrow.";

    [Fact]
    public async Task The_reading_reaches_the_inner_client_and_the_app_and_the_user_text_is_untouched()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok("I'm here."));
        EmotionalContext? seenByInner = null;
        var client = model.CreateClient().AsBuilder()
            .UseEmotionalContext(BuiltInEstimator.Load())
            .Use(async (messages, options, next, ct) => { seenByInner = EmotionalContext.Of(options); await next(messages, options, ct); })
            .Build();
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, Distressed)]);
        var context = EmotionalContext.Of(response)!;
        Assert.Same(context, seenByInner);
        // an obviously frightened, sad message: a human reading gives fear or sadness among the top labels
        Assert.Contains(context.Latest.Top(3).Select(l => l.Label), l => l is "fear" or "sadness" or "nervousness");
        Assert.True(context.Distress > 0.3, $"distress {context.Distress}");
        var request = Assert.Single(model.Requests);
        Assert.Equal([("user", Distressed)], request.Messages);
        Assert.DoesNotContain("attune", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_system_note_one_neutral_system_message_precedes_the_latest_user_turn()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok("ok"));
        var client = model.CreateClient().AsBuilder().UseEmotionalContext(BuiltInEstimator.Load(), o => o.AddSystemNote = true).Build();
        await client.GetResponseAsync([new(ChatRole.System, "You are Sol."), new(ChatRole.User, "hi"), new(ChatRole.Assistant, "hello"), new(ChatRole.User, Distressed)]);
        var sent = Assert.Single(model.Requests).Messages;
        Assert.Equal(5, sent.Count);
        Assert.Equal(("system", "You are Sol."), sent[0]);
        Assert.Equal("system", sent[3].Role);
        Assert.StartsWith("The user's latest message reads mainly as ", sent[3].Content, StringComparison.Ordinal);
        Assert.Equal(("user", Distressed), sent[4]);
        Assert.Equal(("user", "hi"), sent[1]);
    }

    [Fact]
    public async Task Distress_rising_over_the_turns_is_a_rising_trend()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok("ok"));
        var client = model.CreateClient().AsBuilder().UseEmotionalContext(BuiltInEstimator.Load()).Build();
        var response = await client.GetResponseAsync([
            new(ChatRole.User, "Can you recommend a pasta recipe?"), new(ChatRole.Assistant, "Sure."),
            new(ChatRole.User, "What time do shops close on Sunday?"), new(ChatRole.Assistant, "Usually 6."),
            new(ChatRole.User, Distressed)]);
        var context = EmotionalContext.Of(response)!;
        Assert.Equal(2, context.Earlier.Count);
        Assert.Equal(EmotionalTrend.RisingDistress, context.Trend);
        Assert.Contains("risen", context.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_user_message_nothing_is_read_and_one_turn_has_no_trend()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok("ok"));
        var client = model.CreateClient().AsBuilder().UseEmotionalContext(BuiltInEstimator.Load()).Build();
        Assert.Null(EmotionalContext.Of(await client.GetResponseAsync([new ChatMessage(ChatRole.System, "Say hi.")])));
        Assert.Equal(EmotionalTrend.Unknown, EmotionalContext.Of(await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")]))!.Trend);
    }

    [Fact]
    public async Task Streaming_carries_the_reading_on_the_first_update()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok("I'm here for you."));
        var client = model.CreateClient().AsBuilder().UseEmotionalContext(BuiltInEstimator.Load()).Build();
        var updates = await client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Distressed)]).ToListAsync();
        Assert.NotNull(EmotionalContext.Of(updates[0]));
        Assert.Equal("I'm here for you.", updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task Each_reading_is_counted_by_its_top_label()
    {
        var readings = new List<string?>();
        using var meters = new MeterListener { InstrumentPublished = (i, l) => { if (i.Name == GuardTelemetry.EmotionReadingsMetric) l.EnableMeasurementEvents(i); } };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var t in tags) if (t.Key == GuardTelemetry.EmotionTag) lock (readings) readings.Add(t.Value as string);
        });
        meters.Start();
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok("ok"));
        var client = model.CreateClient().AsBuilder().UseEmotionalContext(BuiltInEstimator.Load()).Build();
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Thank you so much, this made my day!")]);
        var top = EmotionalContext.Of(response)!.Latest.Top(1)[0].Label;
        lock (readings) Assert.Contains(top, readings);
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new EmotionalContextOptions { TrendTurns = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new EmotionalContextOptions { TrendThreshold = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new ManipulationGuardOptions { AfterRegenerations = GuardPolicy.Regenerate }.Validate());
        Assert.Throws<ArgumentException>(() => new ManipulationGuardOptions { MaxRegenerations = 6 }.Validate());
    }
}
