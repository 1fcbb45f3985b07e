namespace Attune;

/// <summary>
/// An error that Attune reports to the user as one clear line, with the process exit code it stands for.
/// </summary>
public abstract class AttuneException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line that names the file, line, field or host at fault.</param>
    /// <param name="inner">The underlying error, if any.</param>
    protected AttuneException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>The exit code the command line should return: 2 for bad input, 3 for provider failures.</summary>
    public abstract int ExitCode { get; }
}
