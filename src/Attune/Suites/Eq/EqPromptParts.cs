namespace Attune.Suites.Eq;

/// <summary>An EQ-Bench style prompt taken apart.</summary>
/// <param name="Dialogue">The dialogue text.</param>
/// <param name="Character">Whose feelings are asked about (empty when not found).</param>
/// <param name="Emotions">The emotions to score, in the order the answer template lists them.</param>
/// <param name="Language">The prompt's language.</param>
/// <param name="Revise">True when the template asks for first-pass, critique and revised scores.</param>
public sealed record EqPromptParts(string Dialogue, string Character, IReadOnlyList<string> Emotions, EqLanguage Language, bool Revise);
