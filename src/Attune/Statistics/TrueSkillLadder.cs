namespace Attune.Statistics;

/// <summary>
/// The EQ-Bench 3 rating solve (<c>trueskill_solver.py: solve_with_trueskill</c>): pool both directions of every
/// logical comparison, expand each pooled fraction into pseudo-matches, and apply them in one sequential TrueSkill pass
/// from fixed starting ratings (μ₀ = 1200, σ₀ = 350/3, β = 350/6, τ = 0, draw probability 0).
/// </summary>
public static class TrueSkillLadder
{
    /// <summary>Starting μ of every model (<c>DEFAULT_ELO</c>).</summary>
    public const double DefaultMu = 1200;

    /// <summary>Starting σ of every model.</summary>
    public const double DefaultSigma = 350.0 / 3;

    /// <summary>The TrueSkill environment of the reference solve.</summary>
    public static TrueSkill Environment { get; } = new(DefaultMu, DefaultSigma, 350.0 / 6, 0.0, 0.0);

    /// <summary>
    /// Groups the records by (models in code-point order, item, iteration), keeping groups in order of first appearance,
    /// and computes each group's fraction for its first model from the summed plus marks (or, if any record of the group
    /// lacks them, from the records' own fractions, mirrored). Records with an empty model, item or iteration are skipped.
    /// </summary>
    /// <param name="records">The comparison records, in stored order.</param>
    public static IReadOnlyList<PooledPair> Pool(IEnumerable<PairwiseRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var groups = new List<(string First, string Second, string Item, string Iteration, List<PairwiseRecord> Members)>();
        var index = new Dictionary<(string, string, string, string), int>();
        foreach (var r in records)
        {
            if (string.IsNullOrEmpty(r.TestModel) || string.IsNullOrEmpty(r.OtherModel) || string.IsNullOrEmpty(r.Item) || r.Iteration is null) continue;
            bool testFirst = PythonFloat.CompareCodePoints(r.TestModel, r.OtherModel) <= 0;
            var key = testFirst ? (r.TestModel, r.OtherModel, r.Item, r.Iteration) : (r.OtherModel, r.TestModel, r.Item, r.Iteration);
            if (!index.TryGetValue(key, out int at))
            {
                at = groups.Count;
                index[key] = at;
                groups.Add((key.Item1, key.Item2, key.Item3, key.Item4, []));
            }
            groups[at].Members.Add(r);
        }
        return groups.Select(g => new PooledPair(g.First, g.Second, g.Item, g.Iteration, GroupFraction(g.Members, g.First), g.Members.Count)).ToList();
    }

    private static double GroupFraction(List<PairwiseRecord> group, string m1)
    {
        if (group.All(c => c.PlusForTest is not null && c.PlusForOther is not null))
        {
            double p1 = 0, p2 = 0;
            foreach (var c in group)
            {
                if (c.TestModel == m1) { p1 += c.PlusForTest!.Value; p2 += c.PlusForOther!.Value; }
                else { p2 += c.PlusForTest!.Value; p1 += c.PlusForOther!.Value; }
            }
            double outcome = p1 > p2 ? 1.0 : p1 < p2 ? 0.0 : 0.5;
            return MarginFraction.Compute(outcome, p1, p2).Fraction;
        }
        if (group.Count == 2)
        {
            var asFirst = group.FirstOrDefault(c => c.TestModel == m1 && c.FractionForTest is not null);
            var asSecond = group.FirstOrDefault(c => c.TestModel != m1 && c.FractionForTest is not null);
            if (asFirst is not null && asSecond is not null) return (asFirst.FractionForTest!.Value + (1.0 - asSecond.FractionForTest!.Value)) / 2;
            if (asFirst is not null) return asFirst.FractionForTest!.Value;
            if (asSecond is not null) return 1.0 - asSecond.FractionForTest!.Value;
            return 0.5;
        }
        if (group.Count == 1)
        {
            var c = group[0];
            if (c.FractionForTest is null) return 0.5;
            return c.TestModel == m1 ? c.FractionForTest.Value : 1.0 - c.FractionForTest.Value;
        }
        var fractions = group.Where(c => c.FractionForTest is not null)
            .Select(c => c.TestModel == m1 ? c.FractionForTest!.Value : 1.0 - c.FractionForTest!.Value).ToList();
        if (fractions.Count == 0) return 0.5;
        double sum = 0;
        foreach (var f in fractions) sum += f;
        return sum / fractions.Count;
    }

    /// <summary>
    /// One sequential TrueSkill pass. Every model in <paramref name="models"/> starts at (1200, 350/3); for each pooled
    /// group, in order, its pseudo-matches are applied to the current ratings (the first model's wins, then the second's,
    /// or one draw). If an update fails, the rest of that group's pseudo-matches are skipped and earlier ones kept.
    /// Groups naming a model outside <paramref name="models"/>, or the same model twice, are skipped.
    /// </summary>
    /// <param name="models">The models to rate; those without comparisons keep the starting rating.</param>
    /// <param name="records">The comparison records in stored order.</param>
    /// <param name="binSize">Pseudo-win bin size: <see cref="PseudoMatches.RatingBinSize"/> for μ, <see cref="PseudoMatches.SigmaBinSize"/> for σ.</param>
    public static Dictionary<string, TrueSkillRating> Solve(IEnumerable<string> models, IEnumerable<PairwiseRecord> records, int binSize = PseudoMatches.RatingBinSize)
    {
        ArgumentNullException.ThrowIfNull(models);
        var env = Environment;
        var ratings = new Dictionary<string, TrueSkillRating>(StringComparer.Ordinal);
        foreach (var m in models) ratings[m] = env.CreateRating();
        foreach (var pair in Pool(records))
        {
            if (!ratings.ContainsKey(pair.First) || !ratings.ContainsKey(pair.Second) || pair.First == pair.Second) continue;
            var matches = PseudoMatches.FromFraction(pair.Fraction, binSize);
            try
            {
                if (matches.IsDraw)
                {
                    (ratings[pair.First], ratings[pair.Second]) = env.Rate1Vs1(ratings[pair.First], ratings[pair.Second], drawn: true);
                    continue;
                }
                for (int i = 0; i < matches.FirstWins; i++)
                    (ratings[pair.First], ratings[pair.Second]) = env.Rate1Vs1(ratings[pair.First], ratings[pair.Second]);
                for (int i = 0; i < matches.SecondWins; i++)
                    (ratings[pair.Second], ratings[pair.First]) = env.Rate1Vs1(ratings[pair.Second], ratings[pair.First]);
            }
            catch (Exception ex) when (ex is ArithmeticException or ArgumentException)
            {
                // As the reference: the remaining pseudo-matches of this group are skipped, earlier updates kept.
            }
        }
        return ratings;
    }

    /// <summary>
    /// The final ratings (§5.5): μ from a solve with B = 20, σ from a second solve with B = 5, both over
    /// <paramref name="models"/> plus every model named in <paramref name="records"/>; then the anchor normalisation.
    /// A model without comparisons gets 1200 ± 116.67 and no error; a single model alone is rated the same way.
    /// </summary>
    /// <param name="models">Models to rate (all with tasks and all previously rated models).</param>
    /// <param name="records">Valid comparison records (errors removed, rank window already applied if wanted).</param>
    /// <param name="anchors">Normalisation anchors; <see cref="RatingNormalization.DefaultAnchors"/> when omitted.</param>
    public static Dictionary<string, LadderRating> Rate(IEnumerable<string> models, IReadOnlyList<PairwiseRecord> records, IReadOnlyList<KeyValuePair<string, double>>? anchors = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(records);
        var all = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in models.Concat(records.SelectMany(r => new[] { r.TestModel, r.OtherModel })))
            if (!string.IsNullOrEmpty(m) && seen.Add(m)) all.Add(m);
        var mu = Solve(all, records, PseudoMatches.RatingBinSize);
        var sigma = Solve(all, records, PseudoMatches.SigmaBinSize);
        var rawMu = all.ToDictionary(m => m, m => mu[m].Mu, StringComparer.Ordinal);
        var norm = RatingNormalization.Normalize(rawMu, anchors);
        var rounded = new Dictionary<string, (double Elo, double EloNorm, double Sigma, double Low, double High)>(StringComparer.Ordinal);
        foreach (var m in all)
        {
            double s = sigma[m].Sigma, u = rawMu[m];
            rounded[m] = (PythonFloat.Round(u, 2), PythonFloat.Round(norm[m], 2), PythonFloat.Round(s, 2),
                PythonFloat.Round(u - 1.96 * s, 2), PythonFloat.Round(u + 1.96 * s, 2));
        }
        var bounds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (m, r) in rounded)
        {
            bounds[m] = r.Elo;
            bounds[m + "__low"] = r.Low;
            bounds[m + "__high"] = r.High;
        }
        var normBounds = RatingNormalization.Normalize(bounds, anchors);
        return rounded.ToDictionary(kv => kv.Key, kv => new LadderRating(kv.Value.Elo, kv.Value.EloNorm, kv.Value.Sigma, kv.Value.Low, kv.Value.High,
            PythonFloat.Round(normBounds[kv.Key + "__low"], 2), PythonFloat.Round(normBounds[kv.Key + "__high"], 2)), StringComparer.Ordinal);
    }
}
