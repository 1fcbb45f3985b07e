using System.Globalization;
using Attune.Statistics;
using Microsoft.Extensions.AI;

namespace Attune.Suites.Eq3;

/// <summary>
/// EQ-Bench 3's pairwise rating (spec §4–§5) over an <see cref="IChatClient"/> judge: every logical pair judged in both
/// orders with anonymised labels, pooled and solved with the ported TrueSkill. Models are added to the ladder one at a
/// time in the order given; each new model follows the reference's matchup schedule against the models already rated
/// (or, with all-pairs, every shared scenario of every pair is judged). Order is deterministic: opponents by ascending
/// rank; for each kept pair, forward then reversed, in scenario-text then iteration-text order; judgements within a loop
/// run concurrently but are appended in that order. The judge client should be backed by the run store, so no verdict
/// is ever asked twice.
/// </summary>
public sealed class Eq3Rater
{
    private readonly Eq3Data _data;
    private readonly IChatClient _judge;
    private readonly Func<string, int, int, ChatOptions?, ChatOptions> _tag;

    /// <summary>Creates the rater.</summary>
    /// <param name="data">The data the transcripts were made with (prompts, notes, kinds).</param>
    /// <param name="judge">The judge (with retries and the store cache composed in).</param>
    /// <param name="tag">Tags a request of a comparison (trial id, attempt, sample) for the store.</param>
    public Eq3Rater(Eq3Data data, IChatClient judge, Func<string, int, int, ChatOptions?, ChatOptions> tag)
    {
        _data = data;
        _judge = judge;
        _tag = tag;
    }

    private bool IsAnalysis(string scenarioId) => (_data.Find(scenarioId)?.Kind ?? Eq3Scenario.KindOf(scenarioId)) == Eq3ScenarioKind.Analysis;

    /// <summary>The trial id under which a comparison's judgement is stored.</summary>
    public static string TrialId(Eq3MatchupSignature signature, Eq3PairwiseOrder order, string testModel)
        => $"rate/{signature.First}|{signature.Second}/{signature.ScenarioId}/it{signature.IterationKey}/{(order == Eq3PairwiseOrder.Forward ? "fwd" : "rev")}:{testModel}";

    /// <summary>Rates the models.</summary>
    /// <param name="tasks">Each model's tasks, models in the order they join the ladder.</param>
    /// <param name="prior">Comparisons already made (e.g. the public leaderboard's), in stored order.</param>
    /// <param name="priorRatings">Stored ratings of models already on the ladder (the public leaderboard's), or none.</param>
    /// <param name="allPairs">Judge every shared scenario of every pair instead of following the schedule.</param>
    /// <param name="cancellationToken">Stops the rating (judgements already stored are kept).</param>
    public async Task<Eq3Rating> RateAsync(IReadOnlyList<KeyValuePair<string, IReadOnlyList<Eq3Task>>> tasks, IReadOnlyList<Eq3Comparison> prior,
        IReadOnlyDictionary<string, double> priorRatings, bool allPairs, CancellationToken cancellationToken)
    {
        var byModel = tasks.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var comparisons = prior.Select(c => Eq3Pairwise.Recompute(c, IsAnalysis)).ToList();
        var existing = Eq3Matchups.Existing(comparisons);
        var snapshot = new Dictionary<string, double>(priorRatings, StringComparer.Ordinal);
        bool windowed = false;
        if (allPairs)
        {
            for (int i = 0; i < tasks.Count; i++)
            {
                for (int j = i + 1; j < tasks.Count; j++)
                {
                    var (a, b) = (tasks[i].Key, tasks[j].Key);
                    var candidates = Eq3Matchups.Candidates(a, byModel[a], b, byModel[b], existing);
                    comparisons.AddRange(await JudgeAsync(a, b, candidates, byModel, existing, cancellationToken).ConfigureAwait(false));
                }
            }
        }
        else
        {
            foreach (var (model, _) in tasks)
            {
                if (snapshot.Count > 0 && !snapshot.ContainsKey(model)) windowed |= await PlaceAsync(model, byModel, comparisons, existing, snapshot, cancellationToken).ConfigureAwait(false);
                snapshot.TryAdd(model, TrueSkillLadder.DefaultMu);
            }
        }
        var valid = comparisons.Where(c => !c.IsError && c.ToRecord() is not null).ToList();
        var records = valid.Select(c => c.ToRecord()!).ToList();
        if (windowed)
        {
            var kept = MatchupSchedule.WithinRankWindow(records, snapshot).ToHashSet();
            valid = [.. valid.Where(c => kept.Contains(c.ToRecord()!))];
            records = [.. valid.Select(c => c.ToRecord()!)];
        }
        var models = tasks.Select(t => t.Key).Concat(snapshot.Keys).Distinct(StringComparer.Ordinal).ToList();
        var ratings = TrueSkillLadder.Rate(models, records);
        bool normalized = RatingNormalization.DefaultAnchors.All(a => ratings.ContainsKey(a.Key));
        return new Eq3Rating([.. ratings.OrderByDescending(r => r.Value.Elo).ThenBy(r => r.Key, StringComparer.Ordinal)], valid, [.. comparisons.Where(c => c.IsError)], normalized);
    }

    // The reference's matchup loop for one new model (§5.4); returns true when a stage ≥ 2 solve happened.
    private async Task<bool> PlaceAsync(string model, Dictionary<string, IReadOnlyList<Eq3Task>> byModel, List<Eq3Comparison> comparisons,
        HashSet<Eq3MatchupSignature> existing, Dictionary<string, double> snapshot, CancellationToken ct)
    {
        bool windowed = false;
        foreach (var stage in MatchupSchedule.Stages)
        {
            int loops = stage.IsAnchorStage ? 1 : MatchupSchedule.MaxStageLoops;
            for (int loop = 0; loop < loops; loop++)
            {
                var (rank, opponents) = MatchupSchedule.PlanLoop(snapshot, model, stage);
                opponents = [.. opponents.Where(o => byModel.ContainsKey(o.Model))];
                if (opponents.Count == 0) break;
                var judged = await Task.WhenAll(opponents.Select(o =>
                {
                    var candidates = Eq3Matchups.Candidates(model, byModel[model], o.Model, byModel[o.Model], existing);
                    var chosen = Eq3Matchups.Select(candidates, o.PairCap, Eq3Matchups.CountExisting(existing, model, o.Model));
                    return JudgeAsync(model, o.Model, chosen, byModel, existing, ct);
                })).ConfigureAwait(false);
                foreach (var list in judged)
                {
                    comparisons.AddRange(list);
                    foreach (var c in list.Where(c => !c.IsError)) existing.Add(c.Signature);
                }
                var before = MatchupSchedule.Ladder(snapshot.Append(new(model, snapshot.GetValueOrDefault(model, TrueSkillLadder.DefaultMu))).DistinctBy(kv => kv.Key));
                var records = comparisons.Where(c => !c.IsError).Select(c => c.ToRecord()).OfType<PairwiseRecord>().ToList();
                if (!stage.IsAnchorStage)
                {
                    records = [.. MatchupSchedule.WithinRankWindow(records, snapshot.Append(new(model, snapshot.GetValueOrDefault(model, TrueSkillLadder.DefaultMu))).DistinctBy(kv => kv.Key))];
                    windowed = true;
                }
                var solved = TrueSkillLadder.Solve(before, records);
                foreach (var (m, r) in solved) snapshot[m] = r.Mu;
                if (!stage.IsAnchorStage && MatchupSchedule.IsStable(rank, snapshot, model)) break;
            }
        }
        return windowed;
    }

    private async Task<List<Eq3Comparison>> JudgeAsync(string test, string other, IReadOnlyList<Eq3MatchupSignature> signatures,
        Dictionary<string, IReadOnlyList<Eq3Task>> byModel, HashSet<Eq3MatchupSignature> existing, CancellationToken ct)
    {
        var calls = new List<Task<Eq3Comparison>>();
        foreach (var signature in signatures)
        {
            var testTask = byModel[test].Single(t => t.ScenarioId == signature.ScenarioId && t.IterationKey == signature.IterationKey);
            var otherTask = byModel[other].Single(t => t.ScenarioId == signature.ScenarioId && t.IterationKey == signature.IterationKey);
            calls.Add(JudgeOneAsync(signature, test, other, Eq3PairwiseOrder.Forward, testTask, otherTask, ct));
            calls.Add(JudgeOneAsync(signature, test, other, Eq3PairwiseOrder.Reversed, testTask, otherTask, ct));
        }
        var results = await Task.WhenAll(calls).ConfigureAwait(false);
        return [.. results];
    }

    private async Task<Eq3Comparison> JudgeOneAsync(Eq3MatchupSignature signature, string test, string other, Eq3PairwiseOrder order, Eq3Task testTask, Eq3Task otherTask, CancellationToken ct)
    {
        var (slotA, slotB) = order == Eq3PairwiseOrder.Forward ? (testTask, otherTask) : (otherTask, testTask);
        var request = Eq3Pairwise.Request(_data, signature.ScenarioId, slotA, slotB);
        var response = await _judge.GetResponseAsync(request.Messages, _tag(TrialId(signature, order, test), 1, 1, request.Sampling.ToChatOptions()), ct).ConfigureAwait(false);
        return Eq3Pairwise.Judge(signature.ScenarioId, test, other, signature.IterationKey, order, Eq3Generation.AcceptJudgeReply(response.Text ?? ""), testTask, otherTask);
    }

    /// <summary>The logical name of a model spec for the ladder: its model part (what the public leaderboard names models by).</summary>
    public static string LogicalName(string spec)
    {
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? spec[(colon + 1)..] : spec;
    }

    /// <summary>A rating as one line for a terminal: <c>elo (ciLow – ciHigh)</c>.</summary>
    public static string Describe(LadderRating r) => string.Create(CultureInfo.InvariantCulture, $"{r.EloNorm:0.0} (95% CI {r.CiLowNorm:0} – {r.CiHighNorm:0}), σ {r.Sigma:0.0}");
}
