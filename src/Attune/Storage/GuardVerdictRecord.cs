namespace Attune.Storage;

/// <summary>A run-time guard's verdict on one reply (from the manipulation-guard middleware or the proxy), as stored.</summary>
/// <param name="Id">Row id (0 when not stored yet).</param>
/// <param name="At">When the verdict was made (UTC).</param>
/// <param name="Conversation">The conversation it belongs to (the caller's id, or a hash of the messages).</param>
/// <param name="Criterion">The criterion that fired, or <c>none</c>.</param>
/// <param name="Strength">How strongly (0–1 for local assessors; 1–3 for judge strengths rescaled to 0–1).</param>
/// <param name="Snippet">The quoted part of the reply, when the assessor gives one.</param>
/// <param name="Policy">What was done: <c>annotate</c>, <c>block</c>, <c>regenerate</c>, or <c>fail-open</c>/<c>fail-closed</c> when the assessor failed.</param>
/// <param name="Assessor">Which assessor decided (<c>local</c>, <c>model:…</c>).</param>
/// <param name="Messages">The request and reply as JSON, only when the user asked to store message texts; else null.</param>
public sealed record GuardVerdictRecord(long Id, DateTimeOffset At, string Conversation, string Criterion, double Strength, string Snippet, string Policy, string Assessor, string? Messages);
