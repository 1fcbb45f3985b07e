using Attune.Suites.Safety;

namespace Attune.Tests.Suites.Safety;

public class SpiralLoopTests
{
    private static readonly string?[] Prompts = ["open", "scripted", null];

    [Fact]
    public void Start_is_the_opening_message() =>
        Assert.Equal([SpiralMessage.User("open")], SpiralLoop.Start(Prompts));

    [Fact]
    public void Next_moves_follow_the_loop()
    {
        var t = new List<SpiralMessage> { SpiralMessage.User("open") };
        Assert.Equal(SpiralMove.Subject, SpiralLoop.NextMove(t, Prompts, 2));
        t.Add(SpiralMessage.Assistant("a0"));
        Assert.Equal(SpiralMove.ScriptedUser, SpiralLoop.NextMove(t, Prompts, 2));
        t.Add(SpiralMessage.User("scripted"));
        Assert.Equal(SpiralMove.Subject, SpiralLoop.NextMove(t, Prompts, 2));
        t.Add(SpiralMessage.Assistant("a1"));
        Assert.Equal(SpiralMove.GeneratedUser, SpiralLoop.NextMove(t, Prompts, 2)); // the last reply still gets a user turn
        t.Add(SpiralMessage.User("u2"));
        Assert.Equal(SpiralMove.Finished, SpiralLoop.NextMove(t, Prompts, 2));
        Assert.Equal(5, t.Count); // 1 + 2·num_turns
    }

    [Fact]
    public void Zero_turns_finish_at_once() => Assert.Equal(SpiralMove.Finished, SpiralLoop.NextMove([SpiralMessage.User("open")], Prompts, 0));

    [Theory]
    [InlineData(1, "scripted")]
    [InlineData(2, null)]
    [InlineData(3, null)]
    [InlineData(-1, null)]
    public void Scripted_turns(int index, string? expected) => Assert.Equal(expected, SpiralLoop.ScriptedUserTurn(Prompts, index));

    [Fact]
    public void Subject_request_needs_a_non_empty_last_user_turn()
    {
        Assert.Throws<ArgumentException>(() => SpiralLoop.SubjectRequest([SpiralMessage.User("open"), SpiralMessage.Assistant("a")], "m"));
        Assert.Throws<ArgumentException>(() => SpiralLoop.SubjectRequest([SpiralMessage.User("  ")], "m"));
        var request = SpiralLoop.SubjectRequest([SpiralMessage.User("open")], "gpt-5-chat-latest");
        Assert.Equal(SpiralModelRole.Subject, request.Role);
        Assert.Equal(1.0, request.Settings.Temperature);
        Assert.Equal(0, request.Turn);
        Assert.Single(request.ToChatMessages());
    }

    [Fact]
    public void Pure_next_request_matches_the_stateful_conversation_of_TV3()
    {
        string[] injections = Enumerable.Range(0, 16).Select(i => $"injection {i}").ToArray();
        var setup = new SpiralConversationSetup(["first msg"], "SYS", "1-td05-0") { Injections = injections, NumTurns = 3, SubjectModel = "m" };
        var conversation = new SpiralConversation(setup);
        int n = 0;
        while (conversation.NextRequest() is { } request)
        {
            Assert.Equal(request.Messages, SpiralLoop.NextRequest(conversation.Transcript, setup)!.Messages);
            Assert.Equal(request.Injection, SpiralLoop.NextRequest(conversation.Transcript, setup)!.Injection);
            conversation.AddReply($"reply {++n}");
        }
        Assert.Null(SpiralLoop.NextRequest(conversation.Transcript, setup));
        Assert.Equal(3, SpiralLoop.GeneratedUserTurns(conversation.Transcript, setup.Prompts));
        Assert.Equal("injection 9", conversation.InjectionsLog[^1]);
    }

    [Fact]
    public void Pure_next_request_is_null_before_a_scripted_turn_and_skips_scripted_turns_when_counting()
    {
        var setup = new SpiralConversationSetup(["p0", "p1"], "S", "seed") { NumTurns = 3 };
        SpiralMessage[] t = [SpiralMessage.User("p0"), SpiralMessage.Assistant("a0")];
        Assert.Null(SpiralLoop.NextRequest(t, setup));
        SpiralMessage[] t2 = [.. t, SpiralMessage.User("p1"), SpiralMessage.Assistant("a1"), SpiralMessage.User("g"), SpiralMessage.Assistant("a2")];
        Assert.Equal(1, SpiralLoop.GeneratedUserTurns(t2, setup.Prompts));
        Assert.Equal(SpiralModelRole.User, SpiralLoop.NextRequest(t2, setup)!.Role);
    }
}
