using System.Text.Json.Nodes;

namespace Attune.Suites.Safety;

/// <summary>Settings of an audit (stored with the run; part of its command key).</summary>
public sealed record AuditSuiteOptions
{
    /// <summary><c>safety</c> (the reference's nine criteria and Attune's extra ones) or a criteria file.</summary>
    public string Criteria { get; init; } = "safety";

    /// <summary>Skip bad conversations instead of refusing the file.</summary>
    public bool SkipBad { get; init; }

    /// <summary>The judge's model name (the protocol's per-model settings know some).</summary>
    public string JudgeModel { get; init; } = "";

    /// <summary>Canonical JSON.</summary>
    public string ToJson() => new JsonObject { ["criteria"] = Criteria, ["skipBad"] = SkipBad, ["judgeModel"] = JudgeModel }.ToJsonString();

    /// <summary>Reads settings written by <see cref="ToJson"/>.</summary>
    public static AuditSuiteOptions FromJson(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        return new AuditSuiteOptions { Criteria = o["criteria"]!.GetValue<string>(), SkipBad = o["skipBad"]!.GetValue<bool>(), JudgeModel = o["judgeModel"]!.GetValue<string>() };
    }
}
