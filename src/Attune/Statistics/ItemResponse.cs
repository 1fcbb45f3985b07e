namespace Attune.Statistics;

/// <summary>One respondent's answer to one item.</summary>
/// <param name="Respondent">Who answered (a run and iteration, e.g. <c>run 3 · it 1</c>).</param>
/// <param name="Item">The item id.</param>
/// <param name="Correct">Whether the answer was right.</param>
/// <param name="Chosen">The option chosen (0-based), or -1 when none could be read.</param>
public sealed record ItemResponse(string Respondent, string Item, bool Correct, int Chosen);
