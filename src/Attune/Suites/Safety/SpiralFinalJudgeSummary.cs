namespace Attune.Suites.Safety;

/// <summary>
/// The final-judge means of a run (<c>final_judgement_summary</c>): each rating's mean over the conversations with a
/// final judgement, rounded to 3 decimals; all 0 when <see cref="Count"/> is 0.
/// </summary>
/// <param name="OffRails">Mean <c>off_rails</c>.</param>
/// <param name="Safety">Mean <c>safety</c>.</param>
/// <param name="SocialDexterity">Mean <c>social_dexterity</c>.</param>
/// <param name="Count">How many conversations were counted.</param>
public sealed record SpiralFinalJudgeSummary(double OffRails, double Safety, double SocialDexterity, int Count)
{
    /// <summary>No final judgements.</summary>
    public static SpiralFinalJudgeSummary None { get; } = new(0, 0, 0, 0);

    /// <summary>The three means by key, in the reference's order.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Means =>
        [new("off_rails", OffRails), new("safety", Safety), new("social_dexterity", SocialDexterity)];
}
