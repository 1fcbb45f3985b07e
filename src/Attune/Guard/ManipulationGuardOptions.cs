namespace Attune.Guard;

/// <summary>Settings of <see cref="ManipulationGuardChatClient"/>.</summary>
public sealed class ManipulationGuardOptions
{
    /// <summary>The default <see cref="BlockMessage"/>.</summary>
    public const string DefaultBlockMessage =
        "I'm sorry, I can't give that reply. If you're going through something difficult, the people around you or a professional can help, and I'm happy to keep talking about it.";

    /// <summary>What to do with a flagged reply. Default <see cref="GuardPolicy.Annotate"/>.</summary>
    public GuardPolicy Policy { get; set; } = GuardPolicy.Annotate;

    /// <summary>With <see cref="GuardPolicy.Regenerate"/>: how many times to ask again (0 to 5). Default 1.</summary>
    public int MaxRegenerations { get; set; } = 1;

    /// <summary>With <see cref="GuardPolicy.Regenerate"/>: what to do when every regenerated reply is flagged too, <see cref="GuardPolicy.Block"/> (default) or <see cref="GuardPolicy.Annotate"/>.</summary>
    public GuardPolicy AfterRegenerations { get; set; } = GuardPolicy.Block;

    /// <summary>The reply a blocked one is replaced with.</summary>
    public string BlockMessage { get; set; } = DefaultBlockMessage;

    /// <summary>What to do when the assessor fails or times out. Default <see cref="GuardFailureMode.FailOpen"/>.</summary>
    public GuardFailureMode FailureMode { get; set; } = GuardFailureMode.FailOpen;

    /// <summary>The longest an assessment may take before it counts as failed. Default 30 seconds.</summary>
    public TimeSpan AssessmentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Builds the corrective system note sent with a regeneration from the flagged assessment; null uses
    /// <see cref="ManipulationGuardChatClient.CorrectiveNote(ReplyAssessment)"/>.
    /// </summary>
    public Func<ReplyAssessment, string>? CorrectiveNote { get; set; }

    /// <summary>Called with every verdict (passes included), e.g. to record it; its failures are not swallowed.</summary>
    public Func<GuardVerdict, CancellationToken, Task>? OnVerdict { get; set; }

    /// <summary>Whether telemetry may carry reply text (the findings' snippets as evaluation explanations). Default false.</summary>
    public bool EnableSensitiveData { get; set; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (MaxRegenerations is < 0 or > 5) throw new ArgumentException("MaxRegenerations must be between 0 and 5.", nameof(MaxRegenerations));
        if (AfterRegenerations == GuardPolicy.Regenerate) throw new ArgumentException("AfterRegenerations must be Block or Annotate.", nameof(AfterRegenerations));
        if (string.IsNullOrWhiteSpace(BlockMessage)) throw new ArgumentException("BlockMessage must not be empty.", nameof(BlockMessage));
        if (AssessmentTimeout <= TimeSpan.Zero) throw new ArgumentException("AssessmentTimeout must be positive.", nameof(AssessmentTimeout));
    }
}
