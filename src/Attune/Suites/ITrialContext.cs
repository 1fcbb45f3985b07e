using Attune.Chat;
using Microsoft.Extensions.AI;

namespace Attune.Suites;

/// <summary>
/// What a suite gets to run one trial: the trial's id and a chat client per role. Every request a suite sends through
/// these clients is cached, stored and counted by the run engine; a suite tags each request with
/// <see cref="TrialTag"/> (use <see cref="Tag"/>) so its attempt and sample are part of the cache key.
/// </summary>
public interface ITrialContext
{
    /// <summary>The trial being run.</summary>
    string TrialId { get; }

    /// <summary>The client of a role the suite declared it needs.</summary>
    /// <exception cref="InvalidOperationException">The run has no such role.</exception>
    IChatClient Client(ModelRole role);

    /// <summary>Options for a request of this trial: a copy of <paramref name="options"/> carrying the trial, attempt, sample and step.</summary>
    ChatOptions Tag(int attempt, int sample, ChatOptions? options = null, string step = "") => new TrialTag(TrialId, attempt, sample, step).On(options);
}
