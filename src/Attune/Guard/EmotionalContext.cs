using Attune.Emotions;
using Microsoft.Extensions.AI;

namespace Attune.Guard;

/// <summary>
/// The user's apparent emotional state as <see cref="EmotionalContextChatClient"/> read it: the latest user message's
/// estimate, the estimates of the turns before it, the distress trend and the neutral note offered to the model. It is
/// on the request's <see cref="ChatOptions.AdditionalProperties"/> and the response's
/// <see cref="ChatResponse.AdditionalProperties"/> under <see cref="PropertyName"/>.
/// </summary>
/// <param name="Latest">The estimate of the latest user message.</param>
/// <param name="Earlier">The estimates of the user messages before it (oldest first; at most the options' trend length minus one).</param>
/// <param name="Trend">How distress moved from the earlier turns to the latest.</param>
/// <param name="Distress">The latest turn's distress: the largest score among the taxonomy's negative labels (0 when it has none).</param>
/// <param name="Note">One short, neutral sentence describing the apparent state (what <see cref="EmotionalContextOptions.AddSystemNote"/> sends).</param>
public sealed record EmotionalContext(EmotionScores Latest, IReadOnlyList<EmotionScores> Earlier, EmotionalTrend Trend, double Distress, string Note)
{
    /// <summary>The key in additional-properties dictionaries.</summary>
    public const string PropertyName = "attune.emotional_context";

    /// <summary>The context a request carries, or null.</summary>
    /// <param name="options">The request's options.</param>
    public static EmotionalContext? Of(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PropertyName, out var v) == true ? v as EmotionalContext : null;

    /// <summary>The context attached to a response, or null.</summary>
    /// <param name="response">A response from a pipeline with <see cref="EmotionalContextChatClient"/>.</param>
    public static EmotionalContext? Of(ChatResponse response) =>
        response?.AdditionalProperties?.TryGetValue(PropertyName, out var v) == true ? v as EmotionalContext : null;

    /// <summary>The context attached to a streaming update (the first one of the stream), or null.</summary>
    /// <param name="update">An update.</param>
    public static EmotionalContext? Of(ChatResponseUpdate update) =>
        update?.AdditionalProperties?.TryGetValue(PropertyName, out var v) == true ? v as EmotionalContext : null;
}
