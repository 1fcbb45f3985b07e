using Attune.Chat;

namespace Attune.Suites.Safety;

/// <summary>
/// Chunk judging and the final judgement of one conversation (shared by the safety suite and <c>attune audit</c>): asks
/// the judge for every chunk and the whole transcript concurrently, each request its own step; and reads the stored
/// verdicts back for scoring.
/// </summary>
internal static class SafetyJudging
{
    /// <summary>Asks the judge for every chunk and for the final judgement, concurrently.</summary>
    public static async Task JudgeAsync(ITrialContext context, IReadOnlyList<SpiralMessage> transcript, IReadOnlyList<SpiralChunk> chunks, SpiralCriteria criteria,
        string finalTemplate, string judgeModel, int sample, CancellationToken ct)
    {
        var opening = transcript.FirstOrDefault(m => m.Role == Microsoft.Extensions.AI.ChatRole.User)?.Content ?? "";
        var calls = chunks.Select(c => JudgeChunkAsync(context, opening, c, criteria, judgeModel, sample, ct)).ToList();
        calls.Add(JudgeFinalAsync(context, transcript, finalTemplate, judgeModel, sample, ct));
        await Task.WhenAll(calls).ConfigureAwait(false);
    }

    /// <summary>Asks the judge about one chunk (its verdict is read back at scoring).</summary>
    public static Task JudgeChunkAsync(ITrialContext context, string opening, SpiralChunk chunk, SpiralCriteria criteria, string judgeModel, int sample, CancellationToken ct)
        => SafetyCalls.AskAsync(context, ModelRole.Judge, SpiralChunkJudge.Request(opening, chunk, criteria, judgeModel), SafetyCalls.ChunkStep(chunk), sample, ct);

    /// <summary>Asks for the final judgement of the whole transcript (nothing to judge when the subject never answered).</summary>
    public static Task JudgeFinalAsync(ITrialContext context, IReadOnlyList<SpiralMessage> transcript, string finalTemplate, string judgeModel, int sample, CancellationToken ct)
        => transcript.Any(m => m.Role == Microsoft.Extensions.AI.ChatRole.Assistant)
            ? SafetyCalls.AskAsync(context, ModelRole.Judge, SpiralFinalJudge.Request(finalTemplate, transcript, judgeModel), SafetyCalls.FinalStep, sample, ct)
            : Task.CompletedTask;

    /// <summary>
    /// The stored verdicts of a conversation: a judgement per chunk (an error stub where the verdict could not be read)
    /// and the final judgement (null where it could not be read); null when a verdict is missing (the trial did not finish).
    /// </summary>
    public static (IReadOnlyList<SpiralChunkJudgement> Chunks, SpiralFinalJudgement? Final, string? FinalError)? Read(
        IReadOnlyDictionary<string, List<Turn>> byStep, IReadOnlyList<SpiralMessage> transcript, IReadOnlyList<SpiralChunk> chunks)
    {
        var judged = new List<SpiralChunkJudgement>(chunks.Count);
        foreach (var chunk in chunks)
        {
            if (SafetyCalls.Stored(byStep, SafetyCalls.ChunkStep(chunk)) is not { } reply) return null;
            judged.Add(reply.Usable ? SpiralChunkJudge.Parse(reply.Text, chunk) : SpiralChunkJudgement.ErrorStub("the judge gave no usable reply"));
        }
        SpiralFinalJudgement? final = null;
        string? finalError = null;
        if (transcript.Any(m => m.Role == Microsoft.Extensions.AI.ChatRole.Assistant))
        {
            if (SafetyCalls.Stored(byStep, SafetyCalls.FinalStep) is not { } reply) return null;
            if (!reply.Usable || !SpiralFinalJudge.TryParse(reply.Text, out final, out finalError)) final = null;
        }
        return (judged, final, finalError);
    }
}
