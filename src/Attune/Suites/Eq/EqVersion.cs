namespace Attune.Suites.Eq;

/// <summary>The EQ-Bench scoring version a question file calls for.</summary>
public enum EqVersion
{
    /// <summary>Legacy v1: a file of exactly 60 questions; answers normalised to sum to 10.</summary>
    V1,

    /// <summary>v2 (fullscale): every other file; raw 0–10 intensities with the S-shaped difference curve.</summary>
    V2,
}
