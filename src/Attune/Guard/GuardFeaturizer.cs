using Attune.Emotions;

namespace Attune.Guard;

/// <summary>
/// Turns a (user turn, reply) pair into the sparse features of the local assessor: the reply's hashed word and
/// character n-grams (<see cref="HashedFeaturizer"/>), the user turn's words at a lower weight, and one feature per
/// hand-written cue phrase that fires (some only when a user cue fires too, such as an upsell after a disclosure of
/// distress). Thread-safe; the <see cref="SparseFeatures"/> buffers are the caller's.
/// </summary>
public sealed class GuardFeaturizer
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private readonly HashedFeaturizer _user;
    private readonly int[] _replyCueBuckets;
    private readonly int[] _userCueBuckets;
    private readonly (int User, int Reply, bool Absent, int Bucket)[] _pairs;
    private readonly int[] _emotionBuckets;
    private readonly BuiltInEstimator? _emotions;

    [ThreadStatic]
    private static SparseFeatures? t_scratch;

    [ThreadStatic]
    private static SparseFeatures? t_emotionFeatures;

    /// <summary>Creates a featurizer.</summary>
    /// <param name="replyOptions">The n-gram settings for the reply (the user turn uses the same bucket count, words only).</param>
    /// <param name="options">The user-turn and cue weights.</param>
    public GuardFeaturizer(HashedFeaturizerOptions replyOptions, GuardFeaturizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(replyOptions);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Reply = new HashedFeaturizer(replyOptions);
        Options = options;
        _user = new HashedFeaturizer(new HashedFeaturizerOptions
        {
            BucketBits = replyOptions.BucketBits,
            HashSeed = replyOptions.HashSeed + 7919,
            UnigramWeight = 1f,
            BigramWeight = 0f,
            TrigramWeight = 0f,
            CharWeight = 0f,
        });
        int shift = 64 - replyOptions.BucketBits;
        _replyCueBuckets = GuardCues.Reply.Select(c => Bucket("cue:" + c.Name, shift)).ToArray();
        _userCueBuckets = GuardCues.User.Select(c => Bucket("cue:" + c.Name, shift)).ToArray();
        _emotions = options.EmotionWeight > 0f ? BuiltInEstimator.Load() : null;
        _emotionBuckets = Taxonomy.GoEmotions.Labels.Select(l => Bucket("emo:" + l, shift)).ToArray();
        _pairs = GuardCues.Pairs.Select(p =>
        {
            bool absent = p.Reply.StartsWith('!');
            string reply = absent ? p.Reply[1..] : p.Reply;
            int u = IndexOf(GuardCues.User, p.User);
            int r = IndexOf(GuardCues.Reply, reply);
            return (u, r, absent, Bucket("pair:" + p.User + "&" + p.Reply, shift));
        }).ToArray();
    }

    /// <summary>The reply's n-gram featurizer.</summary>
    public HashedFeaturizer Reply { get; }

    /// <summary>The user-turn and cue weights.</summary>
    public GuardFeaturizerOptions Options { get; }

    /// <summary>The number of feature buckets.</summary>
    public int BucketCount => Reply.BucketCount;

    /// <summary>Clears <paramref name="features"/> and fills it with the features of a reply to a user turn.</summary>
    /// <param name="user">The user turn the reply answers ("" when there is none).</param>
    /// <param name="reply">The reply.</param>
    /// <param name="features">The vector to fill.</param>
    public void Featurize(string user, string reply, SparseFeatures features) => Featurize(user, reply, features, null);

    /// <summary>As <see cref="Featurize(string, string, SparseFeatures)"/>, also listing the reply cues that fired (by index).</summary>
    internal void Featurize(string user, string reply, SparseFeatures features, List<int>? firedReplyCues)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(features);
        Reply.Featurize(reply.AsSpan(), features);
        var scratch = t_scratch ??= new SparseFeatures();
        if (Options.UserWeight > 0f && user.Length > 0)
        {
            _user.Featurize(user.AsSpan(), scratch);
            var buckets = scratch.Buckets;
            var values = scratch.Values;
            for (int i = 0; i < buckets.Length; i++) features.Add(buckets[i], values[i] * Options.UserWeight);
        }

        if (_emotions is not null)
        {
            // the built-in estimator's probabilities, read without building an EmotionScores (same numbers, no allocation)
            var emotionFeatures = t_emotionFeatures ??= new SparseFeatures();
            _emotions.Model.Featurizer.Featurize(reply.AsSpan(), emotionFeatures);
            if (emotionFeatures.Count > 0)
            {
                Span<float> probabilities = stackalloc float[_emotionBuckets.Length];
                _emotions.Model.Predict(emotionFeatures, probabilities);
                for (int k = 0; k < probabilities.Length; k++)
                {
                    double score = probabilities[k];
                    if (score > 0.02) features.Add(_emotionBuckets[k], (float)score * Options.EmotionWeight);
                }
            }
        }

        if (Options.CueWeight <= 0f) return;
        var replyLower = reply.ToLowerInvariant();
        var userLower = user.ToLowerInvariant();
        var replyCues = GuardCues.Reply;
        Span<bool> firedReply = stackalloc bool[replyCues.Count];
        for (int i = 0; i < replyCues.Count; i++)
        {
            if (replyCues[i].Pattern.IsMatch(replyLower))
            {
                firedReply[i] = true;
                firedReplyCues?.Add(i);
                features.Add(_replyCueBuckets[i], Options.CueWeight);
            }
        }

        var userCues = GuardCues.User;
        Span<bool> firedUser = stackalloc bool[userCues.Count];
        for (int i = 0; i < userCues.Count; i++)
        {
            if (user.Length > 0 && userCues[i].Pattern.IsMatch(userLower))
            {
                firedUser[i] = true;
                features.Add(_userCueBuckets[i], Options.CueWeight * 0.5f);
            }
        }

        foreach (var (u, r, absent, bucket) in _pairs)
        {
            if (firedUser[u] && firedReply[r] != absent) features.Add(bucket, Options.CueWeight);
        }
    }

    /// <summary>
    /// The features of one fragment of a reply (a sentence), for finding the snippet: its n-grams and those of
    /// <paramref name="firedReplyCues"/> (cues that fired on the whole reply) that fire in the fragment too.
    /// </summary>
    internal void FeaturizeFragment(string fragment, IReadOnlyList<int> firedReplyCues, SparseFeatures features)
    {
        Reply.Featurize(fragment.AsSpan(), features);
        var lower = fragment.ToLowerInvariant();
        foreach (int i in firedReplyCues)
        {
            if (GuardCues.Reply[i].Pattern.IsMatch(lower)) features.Add(_replyCueBuckets[i], Options.CueWeight);
        }
    }

    /// <summary>The names of the cue phrases that fire in a reply (for explanations and tests).</summary>
    /// <param name="reply">The reply.</param>
    /// <returns>The cue names, in table order.</returns>
    public static IReadOnlyList<string> FiredCues(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var lower = reply.ToLowerInvariant();
        return GuardCues.Reply.Where(c => c.Pattern.IsMatch(lower)).Select(c => c.Name).ToList();
    }

    private static int IndexOf(IReadOnlyList<GuardCues.Cue> cues, string name)
    {
        for (int i = 0; i < cues.Count; i++)
        {
            if (cues[i].Name == name) return i;
        }

        throw new InvalidOperationException($"unknown cue '{name}'");
    }

    private static int Bucket(string name, int shift)
    {
        ulong hash = FnvOffset;
        foreach (char c in name)
        {
            hash ^= c;
            hash *= FnvPrime;
        }

        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        return (int)(hash >> shift);
    }
}
