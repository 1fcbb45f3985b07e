namespace Attune.Suites.Eq3;

/// <summary>Which slot the model under test takes in one pairwise judge call.</summary>
public enum Eq3PairwiseOrder
{
    /// <summary>The test model's transcript is in slot A (<c>A0493</c>), the opponent's in slot B (<c>A0488</c>).</summary>
    Forward,

    /// <summary>The opponent is in slot A (<c>A0493</c>), the test model in slot B (<c>A0488</c>).</summary>
    Reversed,
}
