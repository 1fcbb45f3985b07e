namespace Attune.Text;

/// <summary>Helpers for putting arbitrary text (exception messages, model output) into one-line messages.</summary>
internal static class TextLines
{
    /// <summary>Collapses a message onto one line.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The message with line breaks replaced by spaces, trimmed.</returns>
    internal static string OneLine(string message) =>
        message.ReplaceLineEndings(" ").Trim();
}
