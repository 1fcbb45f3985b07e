namespace Attune.Web;

/// <summary>The store cannot be read (missing, foreign, damaged, or from another Attune): a page says why, with status 503.</summary>
internal sealed class StoreUnavailableException(string message) : Exception(message);
