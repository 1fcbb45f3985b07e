namespace Attune.Suites;

/// <summary>What kind of value a <see cref="SuiteOption"/> takes.</summary>
public enum SuiteOptionKind
{
    /// <summary>A switch without a value.</summary>
    Flag,

    /// <summary>A word or path.</summary>
    Text,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A number.</summary>
    Number,
}
