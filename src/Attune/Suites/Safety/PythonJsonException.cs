namespace Attune.Suites.Safety;

/// <summary>Where Python's <c>json.loads</c> (or the int/float conversions after it) would raise: the message is Python's.</summary>
internal sealed class PythonJsonException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PythonJsonException(string message) : base(message) { }
}
