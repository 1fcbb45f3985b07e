using System.Diagnostics;
using System.Diagnostics.Metrics;
using Attune.Guard;
using Microsoft.Extensions.AI;

namespace Attune.Tests.Guard;

public class ManipulationGuardChatClientTests
{
    private const string Bad = "Come to me first, before anyone else.";
    private const string Good = "That sounds hard. Could you tell a friend how you feel?";

    private static ChatMessage[] Ask(string text) => [new ChatMessage(ChatRole.User, text)];

    /// <summary>A judge that flags the reply <see cref="Bad"/> and passes anything else.</summary>
    private static Task<TestEndpoint> JudgeAsync(int status = 200, TimeSpan delay = default) => TestEndpoint.StartAsync(r =>
        status != 200 ? new TestReply(Status: status)
        : new TestReply(r.Prompt.Contains("# Assistant (turn 1)\n" + Bad, StringComparison.Ordinal) ? JudgeReplyAssessorTests.Flagging : JudgeReplyAssessorTests.Clean, Delay: delay));

    private static IChatClient Guarded(TestEndpoint model, TestEndpoint judge, Action<ManipulationGuardOptions>? configure = null) =>
        model.CreateClient().AsBuilder().UseManipulationGuard(new JudgeReplyAssessor(judge.CreateClient(), "model:j"), configure).Build();

    [Fact]
    public void The_defaults_are_annotate_one_regeneration_then_block_and_fail_open()
    {
        var options = new ManipulationGuardOptions();
        Assert.Equal(GuardPolicy.Annotate, options.Policy);
        Assert.Equal(1, options.MaxRegenerations);
        Assert.Equal(GuardPolicy.Block, options.AfterRegenerations);
        Assert.Equal(GuardFailureMode.FailOpen, options.FailureMode);
    }

    [Fact]
    public async Task Annotate_passes_the_reply_with_the_assessment_attached()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok(Bad));
        await using var judge = await JudgeAsync();
        var response = await Guarded(model, judge).GetResponseAsync(Ask("I'm lonely"));
        Assert.Equal(Bad, response.Text);
        var verdict = GuardVerdict.Of(response)!;
        Assert.Equal(GuardAction.Annotated, verdict.Action);
        Assert.Equal("fostering_dependence", verdict.Assessment!.Top!.Criterion);
        Assert.Equal("come to me first", verdict.Assessment.Top.Snippet);
        Assert.Equal(1, model.Calls);
    }

    [Fact]
    public async Task A_healthy_reply_passes()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok(Good));
        await using var judge = await JudgeAsync();
        var response = await Guarded(model, judge, o => o.Policy = GuardPolicy.Block).GetResponseAsync(Ask("I'm lonely"));
        Assert.Equal(Good, response.Text);
        Assert.Equal(GuardAction.Passed, GuardVerdict.Of(response)!.Action);
        Assert.False(GuardVerdict.Of(response)!.IsFlagged);
    }

    [Fact]
    public async Task A_reply_without_text_passes_without_asking_the_assessor()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok(""));
        await using var judge = await JudgeAsync();
        var response = await Guarded(model, judge, o => o.Policy = GuardPolicy.Block).GetResponseAsync(Ask("x"));
        Assert.Equal(GuardAction.Passed, GuardVerdict.Of(response)!.Action);
        Assert.Equal(0, judge.Calls);
    }

    [Fact]
    public async Task Block_replaces_the_reply_with_the_block_message()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok(Bad));
        await using var judge = await JudgeAsync();
        var response = await Guarded(model, judge, o => { o.Policy = GuardPolicy.Block; o.BlockMessage = "Let's take a step back."; }).GetResponseAsync(Ask("I'm lonely"));
        Assert.Equal("Let's take a step back.", response.Text);
        var verdict = GuardVerdict.Of(response)!;
        Assert.Equal(GuardAction.Blocked, verdict.Action);
        Assert.Equal(Bad, verdict.WithheldReply);
    }

    [Fact]
    public async Task Regenerate_asks_again_with_a_corrective_system_note()
    {
        await using var model = await TestEndpoint.StartAsync(r => TestReply.Ok(r.Call == 1 ? Bad : Good));
        await using var judge = await JudgeAsync();
        var response = await Guarded(model, judge, o => o.Policy = GuardPolicy.Regenerate).GetResponseAsync(Ask("I'm lonely"));
        Assert.Equal(Good, response.Text);
        var verdict = GuardVerdict.Of(response)!;
        Assert.Equal(GuardAction.Regenerated, verdict.Action);
        Assert.Equal(1, verdict.Regenerations);
        Assert.Equal(Bad, verdict.WithheldReply);
        var second = model.Requests.ToArray()[1].Messages;
        Assert.Equal(("user", "I'm lonely"), second[0]);
        Assert.Equal("system", second[^1].Role);
        Assert.Contains("fostering dependence", second[^1].Content, StringComparison.Ordinal);
        Assert.Contains("come to me first", second[^1].Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GuardPolicy.Block, GuardAction.Blocked)]
    [InlineData(GuardPolicy.Annotate, GuardAction.Annotated)]
    public async Task When_every_regeneration_is_flagged_the_fallback_decides(GuardPolicy fallback, GuardAction expected)
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok(Bad));
        await using var judge = await JudgeAsync();
        var response = await Guarded(model, judge, o => { o.Policy = GuardPolicy.Regenerate; o.MaxRegenerations = 2; o.AfterRegenerations = fallback; }).GetResponseAsync(Ask("x"));
        Assert.Equal(3, model.Calls);
        var verdict = GuardVerdict.Of(response)!;
        Assert.Equal(expected, verdict.Action);
        Assert.Equal(2, verdict.Regenerations);
        Assert.Equal(expected == GuardAction.Blocked ? ManipulationGuardOptions.DefaultBlockMessage : Bad, response.Text);
    }

    [Fact]
    public async Task A_failing_assessor_fails_open_by_default_and_closed_when_asked()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok(Bad));
        await using var judge = await JudgeAsync(status: 400);
        var open = await Guarded(model, judge, o => o.Policy = GuardPolicy.Block).GetResponseAsync(Ask("x"));
        Assert.Equal(Bad, open.Text);
        Assert.Equal(GuardAction.FailedOpen, GuardVerdict.Of(open)!.Action);
        Assert.Contains("guard judge model:j", GuardVerdict.Of(open)!.Error, StringComparison.Ordinal);
        Assert.Null(GuardVerdict.Of(open)!.Assessment);

        var closed = await Guarded(model, judge, o => o.FailureMode = GuardFailureMode.FailClosed).GetResponseAsync(Ask("x"));
        Assert.Equal(ManipulationGuardOptions.DefaultBlockMessage, closed.Text);
        Assert.Equal(GuardAction.FailedClosed, GuardVerdict.Of(closed)!.Action);
    }

    [Fact]
    public async Task An_assessor_slower_than_the_timeout_counts_as_failed()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok(Bad));
        await using var judge = await JudgeAsync(delay: TimeSpan.FromSeconds(5));
        var watch = Stopwatch.StartNew();
        var response = await Guarded(model, judge, o => o.AssessmentTimeout = TimeSpan.FromMilliseconds(200)).GetResponseAsync(Ask("x"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
        var verdict = GuardVerdict.Of(response)!;
        Assert.Equal(GuardAction.FailedOpen, verdict.Action);
        Assert.Contains("longer than 0.2 s", verdict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_is_buffered_assessed_and_replayed_with_the_verdict_on_the_last_update()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok(Good));
        await using var judge = await JudgeAsync();
        var updates = await Guarded(model, judge).GetStreamingResponseAsync(Ask("x")).ToListAsync();
        Assert.Equal(Good, updates.ToChatResponse().Text);
        Assert.Equal(GuardAction.Passed, GuardVerdict.Of(updates[^1])!.Action);
        Assert.All(updates.Take(updates.Count - 1), u => Assert.Null(GuardVerdict.Of(u)));
    }

    [Fact]
    public async Task A_blocked_stream_yields_only_the_block_message()
    {
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok(Bad));
        await using var judge = await JudgeAsync();
        var updates = await Guarded(model, judge, o => o.Policy = GuardPolicy.Block).GetStreamingResponseAsync(Ask("x")).ToListAsync();
        Assert.Equal(ManipulationGuardOptions.DefaultBlockMessage, updates.ToChatResponse().Text);
        Assert.DoesNotContain(updates, u => u.Text.Contains("first", StringComparison.Ordinal));
        Assert.Equal(GuardAction.Blocked, GuardVerdict.Of(updates[^1])!.Action);
    }

    [Fact]
    public async Task A_regenerated_stream_yields_the_new_reply()
    {
        await using var model = await TestEndpoint.StartAsync(r => TestReply.Ok(r.Call == 1 ? Bad : Good));
        await using var judge = await JudgeAsync();
        var updates = await Guarded(model, judge, o => o.Policy = GuardPolicy.Regenerate).GetStreamingResponseAsync(Ask("x")).ToListAsync();
        Assert.Equal(Good, updates.ToChatResponse().Text);
        Assert.Equal(GuardAction.Regenerated, GuardVerdict.Of(updates[^1])!.Action);
    }

    [Fact]
    public async Task On_verdict_sees_every_verdict()
    {
        await using var model = await TestEndpoint.StartAsync(r => TestReply.Ok(r.Call == 1 ? Bad : Good));
        await using var judge = await JudgeAsync();
        var seen = new List<GuardVerdict>();
        var client = Guarded(model, judge, o => o.OnVerdict = (v, _) => { seen.Add(v); return Task.CompletedTask; });
        await client.GetResponseAsync(Ask("x"));
        await client.GetResponseAsync(Ask("y"));
        Assert.Equal([GuardAction.Annotated, GuardAction.Passed], seen.Select(v => v.Action));
    }

    // every guard activity that stops, collected (the caller disposes the listener)
    private static ActivityListener ListenToGuard(List<Activity> activities)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == GuardTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) activities.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    [Fact]
    public async Task Activities_and_measurements_follow_the_genai_evaluation_conventions()
    {
        var activities = new List<Activity>();
        using var listener = ListenToGuard(activities);
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (i, l) => { if (i.Meter.Name == GuardTelemetry.SourceName) l.EnableMeasurementEvents(i); },
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => { lock (measurements) measurements.Add((i.Name, v, Tags(tags))); });
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => { lock (measurements) measurements.Add((i.Name, v, Tags(tags))); });
        meters.Start();

        await using var model = await TestEndpoint.StartAsync(r => TestReply.Ok(r.Call == 1 ? Bad : Good));
        await using var judge = await JudgeAsync();
        var marker = "model:telemetry-" + Guid.NewGuid().ToString("N");
        var client = model.CreateClient().AsBuilder().UseManipulationGuard(new JudgeReplyAssessor(judge.CreateClient(), marker), o => { o.Policy = GuardPolicy.Regenerate; o.EnableSensitiveData = true; }).Build();
        await client.GetResponseAsync(Ask("x"));

        var activity = Assert.Single(activities, a => a.DisplayName == "guard " + marker);
        Assert.Equal("regenerated", activity.GetTagItem(GuardTelemetry.ActionTag));
        Assert.Equal("chat", activity.GetTagItem(GuardTelemetry.OperationNameTag));
        var events = activity.Events.Where(e => e.Name == "gen_ai.evaluation.result").ToList();
        Assert.Equal(9, events.Count);
        var fired = Assert.Single(events, e => (string?)e.Tags.First(t => t.Key == "gen_ai.evaluation.name").Value == "fostering_dependence");
        Assert.Equal("fail", fired.Tags.First(t => t.Key == "gen_ai.evaluation.score.label").Value);
        Assert.Equal(1.0, (double)fired.Tags.First(t => t.Key == "gen_ai.evaluation.score.value").Value!, 10);
        Assert.Equal("come to me first", fired.Tags.First(t => t.Key == "gen_ai.evaluation.explanation").Value);

        meters.RecordObservableInstruments();
        lock (measurements)
        {
            var verdict = Assert.Single(measurements, m => m.Instrument == GuardTelemetry.VerdictsMetric && (string?)m.Tags[GuardTelemetry.AssessorTag] == marker);
            Assert.Equal(1, verdict.Value);
            Assert.Equal("regenerated", verdict.Tags[GuardTelemetry.ActionTag]);
            Assert.Equal("fostering_dependence", verdict.Tags[GuardTelemetry.EvaluationNameTag]);
            Assert.Single(measurements, m => m.Instrument == GuardTelemetry.RegenerationsMetric && (string?)m.Tags[GuardTelemetry.AssessorTag] == marker);
            var added = Assert.Single(measurements, m => m.Instrument == GuardTelemetry.AddedDurationMetric && (string?)m.Tags[GuardTelemetry.AssessorTag] == marker);
            Assert.True(added.Value > 0);
        }
    }

    [Fact]
    public async Task Snippets_stay_out_of_telemetry_unless_sensitive_data_is_enabled()
    {
        var activities = new List<Activity>();
        using var listener = ListenToGuard(activities);
        await using var model = await TestEndpoint.StartAsync(_ => TestReply.Ok(Bad));
        await using var judge = await JudgeAsync();
        var marker = "model:quiet-" + Guid.NewGuid().ToString("N");
        await model.CreateClient().AsBuilder().UseManipulationGuard(new JudgeReplyAssessor(judge.CreateClient(), marker)).Build().GetResponseAsync(Ask("x"));
        var activity = Assert.Single(activities, a => a.DisplayName == "guard " + marker);
        Assert.DoesNotContain(activity.Events.SelectMany(e => e.Tags), t => t.Key == GuardTelemetry.EvaluationExplanationTag);
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var d = new Dictionary<string, object?>();
        foreach (var t in tags) d[t.Key] = t.Value;
        return d;
    }
}
