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
}
