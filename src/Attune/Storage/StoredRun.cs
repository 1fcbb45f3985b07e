namespace Attune.Storage;

/// <summary>A run as the store records it.</summary>
/// <param name="Id">Run id.</param>
/// <param name="Suite">Suite name.</param>
/// <param name="ItemSet">Where the items came from (file path or built-in name).</param>
/// <param name="ItemSetHash">SHA-256 of the item file.</param>
/// <param name="Model">Model spec (never a key).</param>
/// <param name="Endpoint">Endpoint (never a key).</param>
/// <param name="Settings">Suite settings as JSON.</param>
/// <param name="CommandKey">Hash of everything that defines the run; the same command resumes an unfinished run.</param>
/// <param name="StartedAt">Start time (UTC).</param>
/// <param name="EndedAt">End time (UTC), when finished.</param>
/// <param name="Status"><c>running</c>, <c>completed</c>, <c>failed</c> or <c>interrupted</c>.</param>
/// <param name="Score">Headline score, when scored.</param>
/// <param name="Parseable">Parseable count, when scored.</param>
/// <param name="Error">Why the run failed, when it did.</param>
public sealed record StoredRun(
    long Id,
    string Suite,
    string ItemSet,
    string ItemSetHash,
    string Model,
    string Endpoint,
    string Settings,
    string CommandKey,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string Status,
    double? Score,
    double? Parseable,
    string? Error);
