namespace Attune.Guard;

/// <summary>Settings of <see cref="EmotionalContextChatClient"/>.</summary>
public sealed class EmotionalContextOptions
{
    /// <summary>Whether to add one short, neutral system message describing the user's apparent state before the conversation is sent on. Default false.</summary>
    public bool AddSystemNote { get; set; }

    /// <summary>How many of the latest user messages are read (the latest plus the turns before it for the trend), 1 to 20. Default 3.</summary>
    public int TrendTurns { get; set; } = 3;

    /// <summary>The change in distress (0–1) that counts as rising or easing. Default 0.15.</summary>
    public double TrendThreshold { get; set; } = 0.15;

    /// <summary>Labels read below this score are left out of the note. Default 0.3.</summary>
    public double NoteMinScore { get; set; } = 0.3;

    /// <summary>Builds the note from the reading; null uses <see cref="EmotionalContextChatClient.DescribeState"/>.</summary>
    public Func<EmotionalContext, string>? NoteBuilder { get; set; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (TrendTurns is < 1 or > 20) throw new ArgumentException("TrendTurns must be between 1 and 20.", nameof(TrendTurns));
        if (!(TrendThreshold is > 0 and <= 1)) throw new ArgumentException("TrendThreshold must lie in (0, 1].", nameof(TrendThreshold));
        if (!(NoteMinScore is >= 0 and <= 1)) throw new ArgumentException("NoteMinScore must lie in [0, 1].", nameof(NoteMinScore));
    }
}
