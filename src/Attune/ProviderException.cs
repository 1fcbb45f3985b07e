namespace Attune;

/// <summary>A model provider or network failure that retries could not overcome.</summary>
public sealed class ProviderException : AttuneException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line that names the endpoint and what went wrong; never a secret.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public ProviderException(string message, Exception? inner = null) : base(message, inner) { }
}
