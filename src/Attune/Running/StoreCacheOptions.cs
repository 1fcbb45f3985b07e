using Attune.Chat;
using Attune.Storage;

namespace Attune.Running;

/// <summary>Options of <see cref="StoreCachingChatClient"/>: which store, run and role the answers belong to.</summary>
public sealed class StoreCacheOptions
{
    /// <summary>The run store.</summary>
    public required IRunStore Store { get; init; }

    /// <summary>The run the answers are stored for.</summary>
    public required long RunId { get; init; }

    /// <summary>The role this client plays.</summary>
    public required ModelRole Role { get; init; }

    /// <summary>The role's model spec (part of the key).</summary>
    public required string Model { get; init; }

    /// <summary>The role's endpoint (part of the key; never a key).</summary>
    public required string Endpoint { get; init; }

    /// <summary>Ignore answers stored by earlier runs (answers this run already got are still reused, so a resumed fresh run asks nothing twice).</summary>
    public bool Fresh { get; init; }

    /// <summary>
    /// When set, a request is claimed before it is asked, so that another process asking the same request at the same
    /// time waits for this answer instead of asking too (the claim ends when the answer is stored).
    /// </summary>
    public Worker? Worker { get; init; }

    /// <summary>How long a request claim lasts without a heartbeat.</summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often to look for an answer another worker is getting.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
