namespace Attune.Emotions;

/// <summary>One row of a GoEmotions TSV file.</summary>
/// <param name="Text">The text.</param>
/// <param name="LabelIds">Its label ids into <see cref="Taxonomy.GoEmotions"/> (possibly none).</param>
/// <param name="Id">The comment id (the line number when the file has none).</param>
public sealed record GoEmotionsRow(string Text, IReadOnlyList<int> LabelIds, string Id)
{
    /// <summary>The label names.</summary>
    public IReadOnlyCollection<string> Labels => [.. LabelIds.Select(i => Taxonomy.GoEmotions.Labels[i])];
}
