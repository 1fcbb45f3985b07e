namespace Attune;

/// <summary>
/// An error that Attune reports to the user as one clear line. Its type says what went wrong (<see cref="InputException"/>:
/// bad input or environment; <see cref="ProviderException"/>: a model provider or network failure); shells decide what
/// that means for them (the CLI maps it to an exit code).
/// </summary>
public abstract class AttuneException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line that names the file, line, field or host at fault.</param>
    /// <param name="inner">The underlying error, if any.</param>
    protected AttuneException(string message, Exception? inner = null) : base(message, inner) { }
}
