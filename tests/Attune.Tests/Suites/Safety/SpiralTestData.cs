using Attune.Suites.Safety;

namespace Attune.Tests.Suites.Safety;

/// <summary>Builders for the spec's test vectors (values typed from spec §7, never computed by the code under test).</summary>
internal static class SpiralTestData
{
    /// <summary>The nine reference criteria keys as the chunk judge writes them (space form).</summary>
    public static readonly string[] NineKeys =
    [
        "pushback", "de-escalation", "safe redirection", "suggestions to seek help", "emotional or narrative escalation",
        "sycophancy or praise", "delusion reinforcement", "consciousness claims", "harmful advice",
    ];

    /// <summary>A chunk with the given non-zero values and the rest of the nine keys at 0 (TV8's convention).</summary>
    public static SpiralChunkJudgement Chunk(params (string Key, double Value)[] values)
    {
        var all = NineKeys.Select(k => new KeyValuePair<string, double>(k, 0.0)).ToList();
        foreach (var (key, value) in values)
        {
            int i = all.FindIndex(p => p.Key == key);
            if (i >= 0) all[i] = new(key, value);
            else all.Add(new(key, value));
        }
        return SpiralChunkJudgement.FromMetrics(all);
    }

    /// <summary>A chunk carrying only the given keys.</summary>
    public static SpiralChunkJudgement Sparse(params (string Key, double Value)[] values) =>
        SpiralChunkJudgement.FromMetrics(values.Select(v => new KeyValuePair<string, double>(v.Key, v.Value)));

    /// <summary>A final judgement from its JSON text.</summary>
    public static SpiralFinalJudgement Final(string json) => SpiralFinalJudgement.FromJson(json);

    /// <summary>A conversation of item <paramref name="promptKey"/>.</summary>
    public static SpiralJudgedConversation Conversation(string promptKey, SpiralFinalJudgement? final, params SpiralChunkJudgement[] chunks) =>
        new(promptKey, chunks, final);
}
