namespace Attune.Suites.Eq;

/// <summary>
/// A parsed score the reference cannot convert to a number (German <c>7,5</c>). The reference fails the whole
/// attempt when this happens; Attune does the same.
/// </summary>
public sealed class EqValueException : Exception
{
    /// <summary>Creates the exception for the unconvertible text.</summary>
    public EqValueException(string value) : base($"could not convert '{value}' to a number") => Value = value;

    /// <summary>The text that failed to convert.</summary>
    public string Value { get; }
}
