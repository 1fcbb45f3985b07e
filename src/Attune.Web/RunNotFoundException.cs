namespace Attune.Web;

/// <summary>A run id the store does not have: a page that says so, with status 404.</summary>
internal sealed class RunNotFoundException(string message) : Exception(message);
