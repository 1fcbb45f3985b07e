namespace Attune.Storage;

/// <summary>A lease on a piece of work in a store (a trial of a run, or one request), held by one worker.</summary>
/// <param name="Scope">What is claimed (see <see cref="ClaimScopes"/>).</param>
/// <param name="RunId">The run the work belongs to, when it belongs to one.</param>
/// <param name="Owner">The holder's <see cref="Worker.Id"/>.</param>
/// <param name="Host">The holder's host.</param>
/// <param name="Pid">The holder's process id.</param>
/// <param name="ExpiresAt">When the lease ends unless the holder renews it.</param>
public sealed record Claim(string Scope, long? RunId, string Owner, string Host, int Pid, DateTimeOffset ExpiresAt);
