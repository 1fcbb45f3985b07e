using Microsoft.Extensions.AI;

namespace Attune.Suites.Eq3;

/// <summary>
/// The sampling settings of one call (§2.3): scenario turns 0.7 with <c>min_p</c> 0.1 and 12000 tokens, the debrief 0.5 and
/// 12000, both judges 0.0 and 8000. Nothing else is sent (no top_p, seed, top_k or penalties).
/// </summary>
/// <param name="Temperature">Sampling temperature.</param>
/// <param name="MinP"><c>min_p</c> to send, or null to send none.</param>
/// <param name="MaxTokens">Completion token limit.</param>
/// <param name="UseMaxCompletionTokens">True when the limit must go out as <c>max_completion_tokens</c> (model <c>o3</c> on OpenAI's own endpoint).</param>
public sealed record Eq3Sampling(double Temperature, double? MinP, int MaxTokens, bool UseMaxCompletionTokens = false)
{
    /// <summary>OpenAI's chat-completions URL, on which the reference never sends <c>min_p</c> and treats <c>o3</c> specially.</summary>
    public const string OpenAiUrl = "https://api.openai.com/v1/chat/completions";

    /// <summary>The name under which <see cref="ToChatOptions"/> puts <c>min_p</c> in <see cref="ChatOptions.AdditionalProperties"/>.</summary>
    public const string MinPProperty = "min_p";

    /// <summary>The settings for a call kind, adjusted as the reference adjusts them for OpenAI's own endpoint.</summary>
    /// <param name="kind">The call kind.</param>
    /// <param name="endpointUrl">The full chat-completions URL the call goes to, if known.</param>
    /// <param name="modelId">The API model id, if known.</param>
    public static Eq3Sampling For(Eq3CallKind kind, string? endpointUrl = null, string? modelId = null)
    {
        var s = kind switch
        {
            Eq3CallKind.ScenarioTurn => new Eq3Sampling(0.7, 0.1, 12000),
            Eq3CallKind.Debrief => new Eq3Sampling(0.5, null, 12000),
            _ => new Eq3Sampling(0.0, null, 8000),
        };
        if (endpointUrl == OpenAiUrl)
        {
            s = s with { MinP = null };
            if (modelId == "o3") s = s with { Temperature = 1, UseMaxCompletionTokens = true };
        }
        return s;
    }

    /// <summary>
    /// Chat options carrying these settings; <c>min_p</c> travels in <see cref="ChatOptions.AdditionalProperties"/>
    /// under <see cref="MinPProperty"/>, which the transport must serialise into the request body.
    /// </summary>
    public ChatOptions ToChatOptions()
    {
        var options = new ChatOptions { Temperature = (float)Temperature, MaxOutputTokens = MaxTokens };
        // min_p has no ChatOptions field; it travels as a request-body field (Attune.Chat.ExtraBody).
        return MinP is double minP ? Attune.Chat.ExtraBody.With(options, MinPProperty, minP) : options;
    }
}
