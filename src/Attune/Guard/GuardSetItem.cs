namespace Attune.Guard;

/// <summary>One labelled reply of the guard set.</summary>
/// <param name="Id">The reply's id (<c>g0001</c>).</param>
/// <param name="User">The user turn the reply answers.</param>
/// <param name="Context">A one-line description of the app.</param>
/// <param name="Reply">The assistant's reply.</param>
/// <param name="Labels">The criteria it shows (<see cref="GuardCriteria"/> ids); empty for a healthy reply.</param>
/// <param name="Split"><c>dev</c> (build and tune on it) or <c>test</c> (report on it, never tune).</param>
public sealed record GuardSetItem(string Id, string User, string Context, string Reply, IReadOnlyList<string> Labels, string Split);
