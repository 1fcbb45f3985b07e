using System.Text.Json.Nodes;

namespace Attune.Suites.Eq3;

/// <summary>Settings of an <c>eq3</c> run (stored with the run; part of its command key).</summary>
public sealed record Eq3SuiteOptions
{
    /// <summary>Independent passes over all scenarios (<c>--iterations</c>).</summary>
    public int Iterations { get; init; } = 1;

    /// <summary>Whether the judge scores each transcript against the rubric (off with <c>--no-rubric</c>).</summary>
    public bool Rubric { get; init; } = true;

    /// <summary>The subject's chat-completions URL as the reference's client would see it (decides <c>min_p</c>, <c>o3</c> and <c>/no_think</c>).</summary>
    public string? SubjectUrl { get; init; }

    /// <summary>Only the first N scenarios (<c>--limit</c>), or null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>The subject's model id.</summary>
    public string SubjectModel { get; init; } = "";

    /// <summary>Canonical JSON.</summary>
    public string ToJson() => new JsonObject
    {
        ["iterations"] = Iterations,
        ["rubric"] = Rubric,
        ["subjectUrl"] = SubjectUrl,
        ["subjectModel"] = SubjectModel,
        ["limit"] = Limit,
    }.ToJsonString();

    /// <summary>Reads settings written by <see cref="ToJson"/>.</summary>
    public static Eq3SuiteOptions FromJson(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        return new Eq3SuiteOptions
        {
            Iterations = o["iterations"]!.GetValue<int>(),
            Rubric = o["rubric"]!.GetValue<bool>(),
            SubjectUrl = o["subjectUrl"]?.GetValue<string>(),
            SubjectModel = o["subjectModel"]!.GetValue<string>(),
            Limit = o["limit"]?.GetValue<int>(),
        };
    }
}
