namespace Attune.Suites.Eq3;

/// <summary>The four kinds of model call in an EQ-Bench 3 run, each with its own sampling settings.</summary>
public enum Eq3CallKind
{
    /// <summary>A scenario turn answered by the tested model.</summary>
    ScenarioTurn,

    /// <summary>The debrief answered by the tested model.</summary>
    Debrief,

    /// <summary>The rubric judge scoring one transcript.</summary>
    RubricJudge,

    /// <summary>The pairwise judge comparing two transcripts.</summary>
    PairwiseJudge,
}
