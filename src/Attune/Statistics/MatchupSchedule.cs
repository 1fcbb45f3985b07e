namespace Attune.Statistics;

/// <summary>
/// The EQ-Bench 3 matchup-selection schedule (<c>elo_config.py</c>, <c>matchup_selection.py</c>, <c>elo.py</c>) as pure
/// functions: the stages, the ladder, which opponent ranks a loop picks, how many logical pairs each opponent may get,
/// and the ±16 rank window applied before re-solving.
/// </summary>
/// <remarks>
/// Deterministic order (the reference runs opponents in threads, so its stored order depends on completion): a driver
/// should judge opponents in the ascending rank order <see cref="PickOpponents"/> returns, append each opponent's records
/// before the next opponent's, and within one opponent submit, for each kept pair in candidate order (scenario id as
/// text, then iteration key as text), the forward record before the reversed one. Ladder ties keep the order in which
/// the snapshot lists the models (a stable sort), where Python's order came from a hash-randomised set.
/// </remarks>
public static class MatchupSchedule
{
    /// <summary>Loops per stage 2–6 at most (<c>MAX_STAGE_LOOPS</c>).</summary>
    public const int MaxStageLoops = 4;

    /// <summary>Ladder distance beyond which comparisons are left out of stage ≥ 2 solves (<c>RANK_WINDOW</c>).</summary>
    public const int RankWindow = 16;

    /// <summary>The six stages: anchors (10), then radius tiers (1, 2, 3) with 4, 8, 16, 24 and 9999 samples.</summary>
    public static IReadOnlyList<MatchupStage> Stages { get; } =
    [
        new(1, [], 10),
        new(2, [1, 2, 3], 4),
        new(3, [1, 2, 3], 8),
        new(4, [1, 2, 3], 16),
        new(5, [1, 2, 3], 24),
        new(6, [1, 2, 3], 9999),
    ];

    /// <summary>
    /// The ladder: model names ordered by rating, lowest first. Ties keep the snapshot's order.
    /// </summary>
    /// <param name="snapshot">Current rating estimate per model, in a stable order.</param>
    public static IReadOnlyList<string> Ladder(IEnumerable<KeyValuePair<string, double>> snapshot) =>
        snapshot.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToList();

    /// <summary>
    /// The opponent ranks one loop picks (<c>_pick_matchups</c>), ascending.
    /// Stage 1: anchors spaced ⌈L/10⌉ apart around the median shifted by the first draw of Python's <c>Random(42)</c>,
    /// at most 10, without the test model's own rank. Later stages: for tier k = 1, 2, 3 the ranks within k of
    /// <paramref name="rank"/>, evenly thinned to ⌊samples / 2^(k−1)⌋, united.
    /// </summary>
    /// <param name="rank">The test model's rank on the ladder.</param>
    /// <param name="ladderLength">The ladder's length.</param>
    /// <param name="stage">The stage.</param>
    public static IReadOnlyList<int> PickOpponents(int rank, int ladderLength, MatchupStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        if (ladderLength <= 1 || stage.Samples <= 0) return [];
        var picks = new SortedSet<int>();
        if (stage.IsAnchorStage)
        {
            int samples = stage.Samples;
            int step = Math.Max(1, (int)Math.Ceiling(ladderLength / (double)samples));
            int median = (ladderLength - 1) / 2;
            int anchor = Math.Min(Math.Max(0, median + StageOneJitter(step)), ladderLength - 1);
            var anchors = new List<int> { anchor };
            int offset = step;
            while (anchors.Count < samples && (anchor - offset >= 0 || anchor + offset < ladderLength))
            {
                if (anchor - offset >= 0) anchors.Add(anchor - offset);
                if (anchors.Count < samples && anchor + offset < ladderLength) anchors.Add(anchor + offset);
                offset += step;
            }
            foreach (var a in anchors) if (a != rank) picks.Add(a);
            return picks.Take(samples).ToList();
        }
        for (int tier = 1; tier <= stage.RadiusTiers.Count; tier++)
        {
            int radius = stage.RadiusTiers[tier - 1];
            int want = stage.Samples / (1 << (tier - 1));
            int lo = Math.Max(0, rank - radius), hi = Math.Min(ladderLength - 1, rank + radius);
            var pool = Enumerable.Range(lo, hi - lo + 1).Where(i => i != rank).ToList();
            foreach (var i in EvenlySpaced(pool, want)) picks.Add(i);
        }
        return picks.ToList();
    }

    /// <summary>
    /// One loop's plan (§5.4 steps 1–3): the ladder from <paramref name="snapshot"/>, the test model's rank, and the
    /// opponents <see cref="PickOpponents"/> chooses with their pair caps, in ascending rank order (the order a driver
    /// should judge and append them in). Empty when there is nobody to compare with, which ends the stage.
    /// </summary>
    /// <param name="snapshot">The current rating snapshot (the test model is added at 1200 if absent).</param>
    /// <param name="testModel">The model under test.</param>
    /// <param name="stage">The stage.</param>
    public static (int Rank, IReadOnlyList<MatchupOpponent> Opponents) PlanLoop(IEnumerable<KeyValuePair<string, double>> snapshot, string testModel, MatchupStage stage)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(stage);
        var entries = snapshot.ToList();
        if (!entries.Any(kv => kv.Key == testModel)) entries.Add(new(testModel, TrueSkillLadder.DefaultMu));
        var ladder = Ladder(entries);
        int rank = IndexOf(ladder, testModel);
        var opponents = PickOpponents(rank, ladder.Count, stage)
            .Select(i => new MatchupOpponent(ladder[i], i, Math.Abs(i - rank), PairCap(stage, Math.Abs(i - rank))))
            .ToList();
        return (rank, opponents);
    }

    /// <summary>Whether a loop was stable: the test model's rank on the new snapshot's ladder equals its rank before the loop.</summary>
    /// <param name="rankBefore">The rank from <see cref="PlanLoop"/>.</param>
    /// <param name="newSnapshot">The snapshot after the re-solve.</param>
    /// <param name="testModel">The model under test.</param>
    public static bool IsStable(int rankBefore, IEnumerable<KeyValuePair<string, double>> newSnapshot, string testModel) =>
        IndexOf(Ladder(newSnapshot), testModel) == rankBefore;

    private static int IndexOf(IReadOnlyList<string> ladder, string model)
    {
        for (int i = 0; i < ladder.Count; i++) if (ladder[i] == model) return i;
        return -1;
    }

    /// <summary>
    /// The stage-1 jitter: the first <c>randint(−step//2, step//2)</c> of Python's <c>random.Random(42)</c> (the reference
    /// draws from one module-level generator and stage 1 runs once per process, so only the first draw matters).
    /// </summary>
    /// <param name="step">The anchor step.</param>
    public static int StageOneJitter(int step) =>
        (int)new PythonRandom(42).RandInt(FloorDiv(-step, 2), FloorDiv(step, 2));

    private static int FloorDiv(int a, int b) => (int)Math.Floor(a / (double)b);

    /// <summary>
    /// How many logical pairs (scenario × iteration) the test model may have in total with the opponent at
    /// <paramref name="depth"/> ranks away: 1 in stage 1; later <c>samples</c> at depth 1, max(1, ⌊samples/2⌋) at depth 2,
    /// max(1, ⌊samples/4⌋) beyond. Existing pairs with that opponent count against the cap.
    /// </summary>
    /// <param name="stage">The stage.</param>
    /// <param name="depth">|opponent rank − test rank|.</param>
    public static int PairCap(MatchupStage stage, int depth)
    {
        ArgumentNullException.ThrowIfNull(stage);
        if (stage.IsAnchorStage) return 1;
        return depth switch
        {
            1 => stage.Samples,
            2 => Math.Max(1, stage.Samples / 2),
            _ => Math.Max(1, stage.Samples / 4),
        };
    }

    /// <summary>
    /// <paramref name="k"/> elements of <paramref name="pool"/> spread as evenly as possible: none if k ≤ 0, the first if
    /// k = 1, all if k ≥ |pool|, else the elements at indices round(i·(|pool|−1)/(k−1)) with Python's half-to-even
    /// rounding (so <c>[4,5,8,10,11,12]</c>, k = 3 gives <c>[4,8,12]</c>), duplicates dropped, pool order kept.
    /// </summary>
    /// <typeparam name="T">Element type.</typeparam>
    /// <param name="pool">The ordered pool.</param>
    /// <param name="k">How many to keep.</param>
    public static IReadOnlyList<T> EvenlySpaced<T>(IReadOnlyList<T> pool, int k)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (k <= 0 || pool.Count == 0) return [];
        if (k >= pool.Count) return pool.ToList();
        if (k == 1) return [pool[0]];
        double step = (pool.Count - 1) / (double)(k - 1);
        var indices = new SortedSet<int> { 0, pool.Count - 1 };
        for (int i = 1; i < k - 1; i++) indices.Add((int)Math.Round(i * step, MidpointRounding.ToEven));
        return indices.Select(i => pool[i]).ToList();
    }

    /// <summary>
    /// Keeps the records whose two models are both on the ladder of <paramref name="snapshot"/> and at most
    /// <paramref name="window"/> ranks apart (the filter applied to stage ≥ 2 solves and to the final solve after one).
    /// </summary>
    /// <param name="records">Comparison records.</param>
    /// <param name="snapshot">The pre-solve rating snapshot the ladder is built from.</param>
    /// <param name="window">Maximum rank distance.</param>
    public static IReadOnlyList<PairwiseRecord> WithinRankWindow(IEnumerable<PairwiseRecord> records, IEnumerable<KeyValuePair<string, double>> snapshot, int window = RankWindow)
    {
        ArgumentNullException.ThrowIfNull(records);
        var ladder = Ladder(snapshot);
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < ladder.Count; i++) position[ladder[i]] = i;
        return records.Where(r => position.TryGetValue(r.TestModel, out var a) && position.TryGetValue(r.OtherModel, out var b) && Math.Abs(a - b) <= window).ToList();
    }
}
