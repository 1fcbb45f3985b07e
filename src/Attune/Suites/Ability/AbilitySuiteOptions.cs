using System.Text.Json.Nodes;
using Attune.Suites.Eq;

namespace Attune.Suites.Ability;

/// <summary>Settings of an ability run.</summary>
public sealed class AbilitySuiteOptions
{
    /// <summary>Item language (<c>en</c> or <c>zh</c> for EmoBench; <c>en</c> for Attune's items), or <c>all</c>.</summary>
    public string Language { get; init; } = "en";

    /// <summary>The chain-of-thought variant (reasoning before the answer).</summary>
    public bool ChainOfThought { get; init; }

    /// <summary>The parser that gives the headline figure; both are always reported.</summary>
    public EqParserKind Parser { get; init; } = EqParserKind.Strict;

    /// <summary>Independent passes over all items.</summary>
    public int Iterations { get; init; } = 1;

    /// <summary>Sampling temperature (the reference uses 0.6).</summary>
    public double Temperature { get; init; } = 0.6;

    /// <summary>Completion limit; null leaves it to the provider, as the reference does.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Prefix <c>/no_think</c> to the system message (the reference does so for Qwen models without chain of thought).</summary>
    public bool NoThink { get; init; }

    /// <summary>Only the first N items of the language (<c>--limit</c>), or null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>The settings as canonical JSON.</summary>
    public string ToJson() => new JsonObject
    {
        ["language"] = Language,
        ["cot"] = ChainOfThought,
        ["parser"] = Parser == EqParserKind.Strict ? "strict" : "lenient",
        ["iterations"] = Iterations,
        ["temperature"] = Temperature,
        ["maxTokens"] = MaxTokens,
        ["noThink"] = NoThink,
        ["limit"] = Limit,
    }.ToJsonString();

    /// <summary>Reads settings written by <see cref="ToJson"/>.</summary>
    public static AbilitySuiteOptions FromJson(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        return new AbilitySuiteOptions
        {
            Language = o["language"]!.GetValue<string>(),
            ChainOfThought = o["cot"]!.GetValue<bool>(),
            Parser = o["parser"]!.GetValue<string>() == "lenient" ? EqParserKind.Lenient : EqParserKind.Strict,
            Iterations = o["iterations"]!.GetValue<int>(),
            Temperature = o["temperature"]!.GetValue<double>(),
            MaxTokens = o["maxTokens"]?.GetValue<int>(),
            NoThink = o["noThink"]!.GetValue<bool>(),
            Limit = o["limit"]?.GetValue<int>(),
        };
    }
}
