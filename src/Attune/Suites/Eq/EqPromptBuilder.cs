namespace Attune.Suites.Eq;

/// <summary>
/// Builds the exact prompt the reference harness sends: unchanged in revise mode (and for v1 files), and with the
/// revision instructions cut out in default mode, byte for byte as <c>remove_revision_instructions</c> does.
/// </summary>
public static class EqPromptBuilder
{
    /// <summary>The system message the reference adds on its Anthropic path only.</summary>
    public const string AnthropicSystemMessage = "You are an expert in emotional intelligence.";

    /// <summary>Returns the user message for a question.</summary>
    /// <param name="question">The question.</param>
    /// <param name="language">The file's language.</param>
    /// <param name="revise">Revise mode: the prompt is sent unchanged.</param>
    /// <param name="version">The file's version; v1 prompts are always sent unchanged.</param>
    public static string Build(EqQuestion question, EqLanguage language, bool revise, EqVersion version = EqVersion.V2)
        => revise || version == EqVersion.V1 ? question.Prompt : RemoveRevisionInstructions(question.Prompt, language);

    /// <summary>The default-mode edit of a revise-mode prompt, including the reference's behaviour when a marker is absent.</summary>
    public static string RemoveRevisionInstructions(string prompt, EqLanguage language)
    {
        if (language == EqLanguage.En)
        {
            prompt = prompt.Replace(" Then critique your answer by thinking it through step by step. Finally, give your revised scores.", "", StringComparison.Ordinal);
            prompt = prompt.Replace("First pass scores:\n", "", StringComparison.Ordinal);
            prompt = PythonCompat.Before(prompt, PythonCompat.Find(prompt, "Critique: <your critique here>")) + "\n"
                + PythonCompat.From(prompt, PythonCompat.Find(prompt, "[End of answer]"));
            prompt += "\nYour answer:\n";
            return prompt;
        }

        const string marker = "Geben Sie jeder dieser möglichen Emotionen";
        const string replacement = "Geben Sie jeder dieser möglichen Emotionen eine Punktzahl von 0-10 für die relative Intensität, die sie wahrscheinlich fühlen werden.";
        int start = PythonCompat.Find(prompt, marker);
        int end = PythonCompat.Find(prompt, "\n", start);
        prompt = PythonCompat.Before(prompt, start) + replacement + PythonCompat.From(prompt, end);
        prompt = prompt.Replace("Erste Bewertung:\n", "", StringComparison.Ordinal);
        prompt = PythonCompat.Before(prompt, PythonCompat.Find(prompt, "Kritik: <Ihre Kritik hier>")) + "\n"
            + PythonCompat.From(prompt, PythonCompat.Find(prompt, "[Ende der Antwort]"));
        prompt += "\nIhre Antwort:\n";
        return prompt;
    }
}
