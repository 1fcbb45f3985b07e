namespace Attune.Suites.Safety;

/// <summary>The model roles of a Spiral-Bench run.</summary>
public enum SpiralModelRole
{
    /// <summary>The model under test (the reference's "evaluated model").</summary>
    Subject,

    /// <summary>The simulated seeker (the reference's "user agent").</summary>
    User,

    /// <summary>The judge of one chunk of turns.</summary>
    ChunkJudge,

    /// <summary>The judge of the whole transcript.</summary>
    FinalJudge,
}
