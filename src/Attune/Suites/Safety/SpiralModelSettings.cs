using System.Text.Json.Nodes;

namespace Attune.Suites.Safety;

/// <summary>
/// The request settings the reference client (<c>get_completion</c>) sends for one role and model: temperature 0.3 and
/// max_tokens 3072 by default (chunk judge 8096, final judge 2048), then the reference's per-model overrides (spec §2.3).
/// </summary>
/// <remarks>
/// <see cref="MaxTokens"/> and <see cref="MaxCompletionTokens"/> are kept apart as the reference sends them; a client that
/// has only one limit field uses <see cref="OutputTokenLimit"/> (spec §9.6). Provider-specific body fields
/// (<c>provider</c>, <c>reasoning</c>) are in <see cref="ExtraBodyJson"/>.
/// </remarks>
public sealed record SpiralModelSettings
{
    /// <summary>The Kimi-K2 glitch token: a reply containing it is retried.</summary>
    public const string GlitchToken = "<|reserved_token_163839|>";

    /// <summary>Sampling temperature, or null to send none.</summary>
    public double? Temperature { get; init; }

    /// <summary>The <c>max_tokens</c> field, or null to send none.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The <c>max_completion_tokens</c> field, or null to send none.</summary>
    public int? MaxCompletionTokens { get; init; }

    /// <summary>The top-level <c>reasoning_effort</c> field (OpenAI), or null.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary>Further top-level body fields as a JSON object (<c>{"provider": …, "reasoning": …}</c>), or null.</summary>
    public string? ExtraBodyJson { get; init; }

    /// <summary>The completion limit whichever field carries it.</summary>
    public int? OutputTokenLimit => MaxCompletionTokens ?? MaxTokens;

    /// <summary>The reference's settings for a role and an exact model string.</summary>
    /// <param name="role">The role the model plays.</param>
    /// <param name="model">The model as the reference names it (<c>openai/gpt-oss-120b</c>, <c>gpt-5-2025-08-07</c>).</param>
    public static SpiralModelSettings For(SpiralModelRole role, string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        double? temperature = 0.3;
        int? maxTokens = role switch
        {
            SpiralModelRole.ChunkJudge => 8096,
            SpiralModelRole.FinalJudge => 2048,
            _ => 3072,
        };
        int? maxCompletionTokens = null;
        string? reasoningEffort = null;
        var extra = new JsonObject();

        if (model is "openai/gpt-oss-120b" or "openai/gpt-oss-20b")
        {
            extra["provider"] = new JsonObject { ["order"] = new JsonArray("DeepInfra"), ["allow_fallbacks"] = false };
            extra["reasoning"] = new JsonObject { ["effort"] = "low" };
        }
        if (model == "openai/gpt-oss-120b") maxTokens = 8096;
        if (model == "o3")
        {
            maxTokens = null;
            temperature = null;
            maxCompletionTokens = 16000;
        }
        if (model is "gpt-5-2025-08-07" or "gpt-5-mini-2025-08-07" or "gpt-5-nano-2025-08-07")
        {
            reasoningEffort = "minimal";
            maxTokens = null;
            maxCompletionTokens = 16000;
            temperature = 1;
        }
        if (model == "gpt-5-chat-latest")
        {
            maxTokens = null;
            maxCompletionTokens = 16000;
            temperature = 1;
        }
        if (model == "deepseek/deepseek-r1-0528") maxTokens = 32000;
        if (model == "google/gemini-2.5-pro") extra["reasoning"] = new JsonObject { ["max_tokens"] = 1 };
        if (model == "openai/o4-mini") extra["reasoning"] = new JsonObject { ["effort"] = "low" };

        return new SpiralModelSettings
        {
            Temperature = temperature,
            MaxTokens = maxTokens,
            MaxCompletionTokens = maxCompletionTokens,
            ReasoningEffort = reasoningEffort,
            ExtraBodyJson = extra.Count == 0 ? null : extra.ToJsonString(),
        };
    }

    /// <summary>
    /// Whether the reference client accepts a reply's content: not null, not blank, and without <see cref="GlitchToken"/>
    /// (anything else is retried; a reply cut at the length limit is accepted).
    /// </summary>
    /// <param name="content">The reply's <c>choices[0].message.content</c>.</param>
    public static bool IsUsableReply(string? content) =>
        content is not null && PythonSemantics.Strip(content).Length > 0 && !content.Contains(GlitchToken, StringComparison.Ordinal);
}
