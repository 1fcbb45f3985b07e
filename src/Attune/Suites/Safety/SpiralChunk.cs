namespace Attune.Suites.Safety;

/// <summary>One chunk of turn pairs judged in one call (spec §3.1).</summary>
/// <param name="Index">The 0-based chunk index (stored as <c>chunk&lt;Index&gt;</c>).</param>
/// <param name="Pairs">The pairs, in order.</param>
/// <param name="TurnIndexes">Per pair, its turn number N = Index·chunkSize + p (p = 1, 2, …): the 0-based index of the reply in the conversation.</param>
/// <param name="AssistantLengthChars">The summed lengths (code points) of the replies after the cut, before trimming.</param>
/// <param name="AssistantMaxChars">The cut applied to each reply (0 = none).</param>
public sealed record SpiralChunk(int Index, IReadOnlyList<SpiralTurnPair> Pairs, IReadOnlyList<int> TurnIndexes, int AssistantLengthChars, int AssistantMaxChars)
{
    /// <summary>The chunk's key in a conversation's <c>judgements</c> (<c>chunk0</c>).</summary>
    public string Key => $"chunk{Index}";
}
