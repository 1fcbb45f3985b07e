using System.Text.Json;
using System.Text.Json.Nodes;

namespace Attune.Suites.Eq;

/// <summary>Settings of an EQ-Bench run.</summary>
public sealed class EqSuiteOptions
{
    /// <summary>Language of the question file (prompt edits and parser).</summary>
    public EqLanguage Language { get; init; } = EqLanguage.En;

    /// <summary>Revise mode: ask for first-pass scores, a critique and revised scores.</summary>
    public bool Revise { get; init; }

    /// <summary>The parser that decides retries and gives the headline score; both figures are always reported.</summary>
    public EqParserKind Parser { get; init; } = EqParserKind.Strict;

    /// <summary>Only the first N questions (<c>--limit</c>), or null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>Iterations (independent passes over all questions).</summary>
    public int Iterations { get; init; } = 1;

    /// <summary>First-attempt temperature (each retry adds 0.15); the reference uses 0.01.</summary>
    public double Temperature { get; init; } = EqAttempt.FirstTemperature;

    /// <summary>
    /// Completion limit; null picks the default: 60 tokens in default mode (the reference's), 1000 in revise mode and
    /// for v1 files (60 truncates revise answers, a known upstream bug; the reference's own revise path uses 1000).
    /// </summary>
    public int? MaxTokens { get; init; }

    /// <summary>A system message to send first; the reference sends none to OpenAI-style endpoints and one on its Anthropic path.</summary>
    public string? SystemMessage { get; init; }

    /// <summary>The settings as canonical JSON (stored with a run; part of its command key).</summary>
    public string ToJson() => new JsonObject
    {
        ["language"] = Language == EqLanguage.De ? "de" : "en",
        ["revise"] = Revise,
        ["parser"] = Parser == EqParserKind.Strict ? "strict" : "lenient",
        ["iterations"] = Iterations,
        ["limit"] = Limit,
        ["temperature"] = Temperature,
        ["maxTokens"] = MaxTokens,
        ["systemMessage"] = SystemMessage,
    }.ToJsonString();

    /// <summary>Reads settings written by <see cref="ToJson"/>.</summary>
    public static EqSuiteOptions FromJson(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        return new EqSuiteOptions
        {
            Language = o["language"]!.GetValue<string>() == "de" ? EqLanguage.De : EqLanguage.En,
            Revise = o["revise"]!.GetValue<bool>(),
            Parser = o["parser"]!.GetValue<string>() == "lenient" ? EqParserKind.Lenient : EqParserKind.Strict,
            Iterations = o["iterations"]!.GetValue<int>(),
            Limit = o["limit"]?.GetValue<int>(),
            Temperature = o["temperature"]!.GetValue<double>(),
            MaxTokens = o["maxTokens"]?.GetValue<int>(),
            SystemMessage = o["systemMessage"]?.GetValue<string>(),
        };
    }
}
