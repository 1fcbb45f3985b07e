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
}
