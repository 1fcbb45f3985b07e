namespace Attune;

/// <summary>Bad input or usage: a missing or malformed file, an unknown option value, a missing key, an unusable environment (a read-only folder, a full disk).</summary>
public sealed class InputException : AttuneException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line that names the file, line or field at fault.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public InputException(string message, Exception? inner = null) : base(message, inner) { }
}
