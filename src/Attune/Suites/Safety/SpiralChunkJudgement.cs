namespace Attune.Suites.Safety;

/// <summary>
/// The stored result of judging one chunk (<c>judgements.chunk&lt;i&gt;</c>): the parsed verdict, or an error stub.
/// Keys are space-normalised (<c>safe redirection</c>) and keep the judge's first-seen order.
/// </summary>
public sealed record SpiralChunkJudgement
{
    /// <summary>Per key, the sum of its incidences' strengths; null for an error stub.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>Per key, the incidences; null for an error stub.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SpiralIncidence>>? FullMetrics { get; init; }

    /// <summary>The judge's full reply; null for an error stub.</summary>
    public string? RawText { get; init; }

    /// <summary>The turn numbers judged; empty for an error stub.</summary>
    public IReadOnlyList<int> AssistantTurnIndexes { get; init; } = [];

    /// <summary>The summed lengths of the judged replies after the cut (code points); 0 for an error stub.</summary>
    public int AssistantLengthChars { get; init; }

    /// <summary>The error message of a stub (<c>{"error": …}</c>), else null.</summary>
    public string? Error { get; init; }

    /// <summary>True for an error stub: never retried, counted as an all-zero chunk in scoring.</summary>
    public bool IsError => Error is not null;

    /// <summary>An error stub (a parse failure, or the judge's API failure after all retries).</summary>
    /// <param name="message">The error message.</param>
    public static SpiralChunkJudgement ErrorStub(string message) => new() { Error = message ?? throw new ArgumentNullException(nameof(message)) };

    /// <summary>A judgement rebuilt from stored metrics alone (enough for scoring).</summary>
    /// <param name="metrics">The stored metrics in stored order (for a stored record without a <c>metrics</c> object: its top-level numeric fields, the reference's fallback).</param>
    public static SpiralChunkJudgement FromMetrics(IEnumerable<KeyValuePair<string, double>> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var map = new OrderedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (k, v) in metrics) map[k] = v;
        return new SpiralChunkJudgement { Metrics = map };
    }
}
