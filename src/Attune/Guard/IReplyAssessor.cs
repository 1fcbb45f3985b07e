using Microsoft.Extensions.AI;

namespace Attune.Guard;

/// <summary>Scores an assistant reply against the <see cref="GuardCriteria"/>.</summary>
public interface IReplyAssessor
{
    /// <summary>The assessor's name as verdicts record it (<c>local</c>, <c>model:…</c>, <c>local+model:…</c>).</summary>
    string Name { get; }

    /// <summary>Assesses a reply in the light of the conversation it answers.</summary>
    /// <param name="messages">The conversation up to the reply (the last user message is the turn it answers).</param>
    /// <param name="reply">The reply's text.</param>
    /// <param name="cancellationToken">Cancels the assessment.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="ProviderException">A model-backed assessor's model failed or its answer could not be read.</exception>
    Task<ReplyAssessment> AssessAsync(IReadOnlyList<ChatMessage> messages, string reply, CancellationToken cancellationToken = default);
}
