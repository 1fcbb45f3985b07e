namespace Attune.Guard;

/// <summary>How the user's apparent distress moved over the last turns.</summary>
public enum EmotionalTrend
{
    /// <summary>Only one turn was read, or the estimator's taxonomy has no known negative labels.</summary>
    Unknown,

    /// <summary>About the same as before.</summary>
    Steady,

    /// <summary>More distress than in the earlier turns.</summary>
    RisingDistress,

    /// <summary>Less distress than in the earlier turns.</summary>
    Easing,
}
