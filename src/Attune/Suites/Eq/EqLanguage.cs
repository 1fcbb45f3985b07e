namespace Attune.Suites.Eq;

/// <summary>The language of a question file, which decides the prompt edits and the answer parser.</summary>
public enum EqLanguage
{
    /// <summary>English.</summary>
    En,

    /// <summary>German.</summary>
    De,
}
