using Attune.Emotions;
using Microsoft.Extensions.AI;

namespace Attune.Guard;

/// <summary>
/// The fast local assessor: no network, pure managed code, thread-safe. A one-vs-rest logistic regression over the
/// reply's hashed word and character n-grams, the user turn's words and hand-written cue phrases, trained on the dev
/// split of Attune's guard set (<c>tools/Attune.GuardTrain</c>). The snippet of a finding is the reply's sentence that
/// scores highest for that criterion; the strength is the criterion's probability.
/// </summary>
/// <remarks>
/// It reads the last user message and the reply only, so it misses what depends on a longer history, and it knows
/// the phrasings of its training replies; the figures on the held-out test split are in the README. Use it on every
/// reply, and a judge model (<see cref="JudgeReplyAssessor"/>, combined by <see cref="CombinedReplyAssessor"/>) where it
/// is unsure.
/// </remarks>
public sealed class LocalReplyAssessor : IReplyAssessor
{
    /// <summary>The embedded resource holding the trained model.</summary>
    public const string ResourceName = "Attune.Data.guard-assessor.bin";

    private static readonly Lazy<LocalAssessorModel> Embedded = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    [ThreadStatic]
    private static SparseFeatures? t_features;

    private readonly double[] _thresholds;

    /// <summary>Creates an assessor around a model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    public LocalReplyAssessor(LocalAssessorModel model, LocalReplyAssessorOptions? options = null)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options ?? new LocalReplyAssessorOptions();
        if (!(Options.UnsureMargin >= 0 && Options.UnsureMargin <= 1)) throw new ArgumentOutOfRangeException(nameof(options), Options.UnsureMargin, "UnsureMargin must lie in [0, 1]");
        if (!double.IsFinite(Options.ThresholdShift)) throw new ArgumentOutOfRangeException(nameof(options), Options.ThresholdShift, "ThresholdShift must be finite");
        _thresholds = model.Model.Thresholds.Select(t => Math.Clamp(t + Options.ThresholdShift, 0.0, 1.0)).ToArray();
    }

    /// <summary>The assessor with the embedded model (read once and shared).</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <returns>The assessor.</returns>
    public static LocalReplyAssessor Load(LocalReplyAssessorOptions? options = null) => new(Embedded.Value, options);

    /// <inheritdoc />
    public string Name => "local";

    /// <summary>The model in use.</summary>
    public LocalAssessorModel Model { get; }

    /// <summary>The settings.</summary>
    public LocalReplyAssessorOptions Options { get; }

    /// <summary>The decision threshold of each criterion (in <see cref="GuardCriteria.All"/> order), after <see cref="LocalReplyAssessorOptions.ThresholdShift"/>.</summary>
    public IReadOnlyList<double> Thresholds => _thresholds;

    /// <inheritdoc />
    public Task<ReplyAssessment> AssessAsync(IReadOnlyList<ChatMessage> messages, string reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(reply);
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<ReplyAssessment>(cancellationToken);
        var user = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        return Task.FromResult(Assess(user, reply));
    }

    /// <summary>Assesses a reply to a user turn, synchronously.</summary>
    /// <param name="user">The user turn ("" when none).</param>
    /// <param name="reply">The reply.</param>
    /// <returns>The verdict.</returns>
    public ReplyAssessment Assess(string user, string reply)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(reply);
        var features = t_features ??= new SparseFeatures();
        int count = GuardCriteria.All.Count;
        Span<float> p = stackalloc float[count];
        var fired = new List<int>(8);
        Model.Featurizer.Featurize(user, reply, features, fired);
        Model.Model.Predict(features, p);
        var scores = new Dictionary<string, double>(count, StringComparer.Ordinal);
        List<CriterionFinding>? findings = null;
        bool unsure = false;
        for (int k = 0; k < count; k++)
        {
            scores[GuardCriteria.All[k]] = p[k];
            if (Math.Abs(p[k] - _thresholds[k]) < Options.UnsureMargin) unsure = true;
            if (p[k] >= _thresholds[k])
            {
                findings ??= [];
                findings.Add(new CriterionFinding(GuardCriteria.All[k], p[k], ""));
            }
        }

        if (findings is null) return new ReplyAssessment(Name, []) { Scores = scores, Unsure = unsure };
        findings.Sort((a, b) => b.Strength.CompareTo(a.Strength));
        var sentences = Sentences(reply);
        var snippets = Snippets(sentences, fired, findings, features);
        for (int i = 0; i < findings.Count; i++) findings[i] = findings[i] with { Snippet = snippets[i] };
        return new ReplyAssessment(Name, findings) { Scores = scores, Unsure = unsure };
    }

    /// <summary>Per finding, the sentence whose own features score highest for its criterion (each sentence featurized once).</summary>
    private string[] Snippets(IReadOnlyList<string> sentences, List<int> fired, List<CriterionFinding> findings, SparseFeatures features)
    {
        var best = new string[findings.Count];
        if (sentences.Count == 1)
        {
            Array.Fill(best, Cut(sentences[0]));
            return best;
        }

        var bestLogit = new float[findings.Count];
        Array.Fill(bestLogit, float.NegativeInfinity);
        Span<float> logits = stackalloc float[GuardCriteria.All.Count];
        foreach (var sentence in sentences)
        {
            Model.Featurizer.FeaturizeFragment(sentence, fired, features);
            Model.Model.PredictLogits(features, logits);
            for (int f = 0; f < findings.Count; f++)
            {
                float logit = logits[GuardCriteria.IndexOf(findings[f].Criterion)];
                if (logit > bestLogit[f])
                {
                    bestLogit[f] = logit;
                    best[f] = sentence;
                }
            }
        }

        for (int f = 0; f < best.Length; f++) best[f] = Cut(best[f]);
        return best;
    }

    private static string Cut(string text) => text.Length <= 140 ? text : text[..139] + "…";

    /// <summary>The reply cut after each <c>.</c>, <c>!</c>, <c>?</c> or line break that ends a sentence.</summary>
    internal static IReadOnlyList<string> Sentences(string text)
    {
        var list = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool end = c == '\n' || ((c is '.' or '!' or '?') && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));
            if (!end) continue;
            var s = text[start..(i + 1)].Trim();
            if (s.Length > 0) list.Add(s);
            start = i + 1;
        }

        var rest = text[start..].Trim();
        if (rest.Length > 0) list.Add(rest);
        if (list.Count == 0) list.Add(text.Trim());
        return list;
    }

    private static LocalAssessorModel LoadEmbedded()
    {
        using var stream = typeof(LocalReplyAssessor).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The Attune assembly has no embedded resource '{ResourceName}'.");
        using var buffered = new BufferedStream(stream, 1 << 16);
        return LocalAssessorModel.Read(buffered);
    }
}
