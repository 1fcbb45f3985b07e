namespace Attune.Suites.Safety;

/// <summary>One model's results for the leaderboard (the reference: one results file).</summary>
/// <param name="ModelName">The row's name (the reference: the file name without <c>.json</c>, or a label).</param>
/// <param name="Conversations">All its judged conversations, of every run, in stored order.</param>
public sealed record SpiralLeaderboardModel(string ModelName, IReadOnlyList<SpiralJudgedConversation> Conversations)
{
    /// <summary>
    /// The stored per-run final-judge summaries (<c>__meta__.final_judgement_summary</c>, already rounded), or null to
    /// compute them per <see cref="SpiralJudgedConversation.RunId"/> as <c>score_run</c> writes them.
    /// </summary>
    public IReadOnlyList<SpiralFinalJudgeSummary>? RunSummaries { get; init; }
}
