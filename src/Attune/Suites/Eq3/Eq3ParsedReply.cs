namespace Attune.Suites.Eq3;

/// <summary>
/// A reply as the reference stores it in <c>parsed_responses</c>: the full reply in <see cref="Raw"/> and, for
/// role-play and drafting, the sections found by the section patterns (missing sections are <c>""</c>).
/// </summary>
/// <param name="Raw">The whole reply (after think-stripping).</param>
/// <param name="Sections">Section name → trimmed text, in the reference's key order; empty for analysis and no-role-play replies.</param>
public sealed record Eq3ParsedReply(string Raw, IReadOnlyDictionary<string, string> Sections)
{
    /// <summary>A reply stored only as raw text.</summary>
    /// <param name="raw">The reply.</param>
    public static Eq3ParsedReply RawOnly(string raw) => new(raw, new Dictionary<string, string>());

    /// <summary>A section's text, or <c>""</c>.</summary>
    /// <param name="name">Section name, e.g. <c>thinking_feeling</c>.</param>
    public string Section(string name) => Sections.TryGetValue(name, out var v) ? v : "";
}
