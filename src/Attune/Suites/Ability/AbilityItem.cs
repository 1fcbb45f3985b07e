namespace Attune.Suites.Ability;

/// <summary>
/// One multiple-choice item in EmoBench's schema. EU items ask for the emotion and, when they have cause choices, its
/// cause (both must be right); EA items ask for the most effective action or response.
/// </summary>
/// <param name="Task">EU or EA.</param>
/// <param name="Qid">The item id (EmoBench <c>qid</c>).</param>
/// <param name="Language">Language code (<c>en</c>, <c>zh</c>).</param>
/// <param name="Category">EU <c>coarse_category</c> or EA <c>category</c>: the accuracy breakdown.</param>
/// <param name="FineCategory">EU <c>finegrained_category</c>, if any.</param>
/// <param name="QuestionType">EA <c>question type</c> (<c>Action</c> or <c>Response</c>).</param>
/// <param name="Scenario">The situation.</param>
/// <param name="Subject">The person the question is about.</param>
/// <param name="Choices">EU emotion choices or EA choices.</param>
/// <param name="Answer">Index of the right choice.</param>
/// <param name="CauseChoices">EU cause choices (empty when the item has no cause question).</param>
/// <param name="CauseAnswer">Index of the right cause, or -1.</param>
public sealed record AbilityItem(
    AbilityTask Task,
    string Qid,
    string Language,
    string Category,
    string? FineCategory,
    string? QuestionType,
    string Scenario,
    string Subject,
    IReadOnlyList<string> Choices,
    int Answer,
    IReadOnlyList<string> CauseChoices,
    int CauseAnswer)
{
    /// <summary>The letter of choice <paramref name="index"/> (A, B, …).</summary>
    public static string Letter(int index) => ((char)('A' + index)).ToString();

    /// <summary>A stable id across tasks and languages: <c>EU/en/12</c>.</summary>
    public string Key => $"{Task}/{Language}/{Qid}";

    /// <summary>True when the item has a second (cause) question.</summary>
    public bool HasCause => CauseChoices.Count > 0;
}
