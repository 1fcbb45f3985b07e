namespace Attune.Suites;

/// <summary>One item of a scored run (per iteration), as reports and comparisons read it.</summary>
/// <param name="Id">The item id (shared across iterations and runs on the same items).</param>
/// <param name="Iteration">1-based iteration.</param>
/// <param name="Score">The item's score on the suite's per-item scale, or null when it did not score.</param>
/// <param name="Status"><c>ok</c> when scored as expected; otherwise a short word such as <c>wrong</c>, <c>unparsed</c>, <c>unanswered</c>.</param>
/// <param name="Detail">A short description (what was answered, against what).</param>
/// <param name="Response">The raw answer text, when there is one (always escaped when shown).</param>
/// <param name="Category">A group the item belongs to (task, category, kind), when the suite has one.</param>
public sealed record ItemRow(string Id, int Iteration, double? Score, string Status, string? Detail = null, string? Response = null, string? Category = null)
{
    /// <summary>The item's conversation, for suites whose items are conversations (eq3, safety, audit).</summary>
    public IReadOnlyList<TranscriptLine>? Transcript { get; init; }

    /// <summary>The judge's findings to highlight in <see cref="Transcript"/>.</summary>
    public IReadOnlyList<Highlight>? Highlights { get; init; }

    /// <summary>The judge's own words about the item (reasoning, final judgement), when there are any.</summary>
    public string? Judgement { get; init; }

    /// <summary>True when the item scored as expected (<c>ok</c>).</summary>
    public bool IsOk => Status == "ok";
}
