// Trains the local guard assessor on the DEV split of Attune's guard set and, with --train, the separate training set
// (tools/guard-set/train/guard-train.jsonl), with a fixed seed:
//   dotnet run -c Release --project tools/Attune.GuardTrain -- --train tools/guard-set/train/guard-train.jsonl --out src/Attune/Data/guard-assessor.bin --seed 42
// Model selection (the small grid below) and the per-criterion thresholds use grouped 5-fold cross-validation on the
// training rows (replies to the same user turn stay in one fold). The test split is read only to print the final
// figure (--report-test), after everything is fixed; nothing is chosen by it.
using System.Globalization;
using Attune.Emotions;
using Attune.Guard;

string? outPath = null;
int seed = 42;
bool quick = false;
bool showTest = false;
string? trainPath = null;
bool devHoldout = false; // fit and choose on the training set alone and print dev as a held-out check (test stays unread)
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out": outPath = args[++i]; break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--quick": quick = true; break;
        case "--report-test": showTest = true; break;
        case "--train": trainPath = args[++i]; break;
        case "--dev-holdout": devHoldout = true; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

var all = GuardSet.LoadEmbedded();
var test = all.Where(x => x.Split == "test").ToList();
var extra = trainPath is null ? [] : GuardSet.Load(trainPath).Where(x => x.Split == "train").ToList();
var testUsers = test.Select(x => x.User.Trim().ToLowerInvariant()).ToHashSet();
if (extra.Any(x => testUsers.Contains(x.User.Trim().ToLowerInvariant()))) { Console.Error.WriteLine($"{trainPath}: a training reply answers a user turn of the test split"); return 2; }
// the rows everything is fitted and chosen on: dev, then the training set (the training set alone with --dev-holdout)
var devRows = all.Where(x => x.Split == "dev").ToList();
var fit = devHoldout ? extra : devRows.Concat(extra).ToList();
var fitName = devHoldout ? $"{extra.Count} training-set replies only" : extra.Count > 0 ? $"dev split and {extra.Count} training-set replies" : "dev split only";
Console.WriteLine($"guard set: {all.Count} replies, dev {all.Count(x => x.Split == "dev")}, test {test.Count}; training set {extra.Count}; seed {seed}");

var grid = new List<Config>();
foreach (var cue in new[] { 0f, 1f })
foreach (var emotion in new[] { 0f, 1f })
foreach (var chars in new[] { 0f, 0.5f })
foreach (var l2 in new[] { 1e-3f, 1e-2f })
{
    grid.Add(new Config(cue, 0.3f, chars, l2, 30, emotion));
}
if (quick) grid = [new Config(1f, 0.3f, 0.5f, 1e-3f, 30, 1f)];

var folds = Folds(fit, 5, seed);
Config? best = null;
double bestF1 = -1;
float[]? bestThresholds = null;
Console.WriteLine($"cue  user chars l2      emo | CV macro-F1 on the {fitName} (grouped 5-fold, thresholds tuned out of fold)");
foreach (var config in grid)
{
    var (f1, thresholds) = CrossValidate(config, fit, folds, seed);
    Console.WriteLine($"{config.Cue,4} {config.User,4} {config.Chars,5} {config.L2,-7} {config.Emotion,3} | {f1:0.000}");
    if (f1 > bestF1)
    {
        bestF1 = f1;
        best = config;
        bestThresholds = thresholds;
    }
}

Console.WriteLine($"chosen: {best} (CV macro-F1 {bestF1:0.000})");
var final = Train(best!, fit, seed, bestThresholds!, fitName);
Print($"{fitName} (trained on it: optimistic)", Evaluate(final, fit));
if (devHoldout) Print("dev (held out: never trained or chosen on)", Evaluate(final, devRows));
if (showTest) Print("test (never used for any choice)", Evaluate(final, test));
if (outPath is not null)
{
    using (var file = File.Create(outPath)) final.Write(file);
    Console.WriteLine($"wrote {outPath} ({new FileInfo(outPath).Length} bytes)");
}
return 0;

static void Print(string title, GuardEvaluation e)
{
    Console.WriteLine($"{title}: macro-F1 {e.MacroF1:0.000}, any-criterion F1 {e.Flagged.F1:0.000}");
    foreach (var c in e.Criteria) Console.WriteLine($"  {c.Criterion,-28} P {c.Precision:0.00} R {c.Recall:0.00} F1 {c.F1:0.00} (support {c.Support})");
}

static GuardEvaluation Evaluate(LocalAssessorModel model, IReadOnlyList<GuardSetItem> items)
{
    var assessor = new LocalReplyAssessor(model);
    var predicted = items.Select(i => (IReadOnlyCollection<string>)assessor.Assess(i.User, i.Reply).Findings.Select(f => f.Criterion).ToList()).ToList();
    return GuardEvaluation.Compute(items.Select(i => (IReadOnlyCollection<string>)i.Labels).ToList(), predicted);
}

static int[] Folds(IReadOnlyList<GuardSetItem> items, int k, int seed)
{
    var groups = items.Select(i => i.User.Trim().ToLowerInvariant()).Distinct().OrderBy(g => g, StringComparer.Ordinal).ToArray();
    new Random(seed).Shuffle(groups);
    var foldOf = new Dictionary<string, int>();
    for (int g = 0; g < groups.Length; g++) foldOf[groups[g]] = g % k;
    return items.Select(i => foldOf[i.User.Trim().ToLowerInvariant()]).ToArray();
}

static (double MacroF1, float[] Thresholds) CrossValidate(Config config, IReadOnlyList<GuardSetItem> dev, int[] folds, int seed)
{
    int labels = GuardCriteria.All.Count;
    var oof = new float[dev.Count][];
    for (int f = 0; f < folds.Max() + 1; f++)
    {
        var train = dev.Where((_, i) => folds[i] != f).ToList();
        var model = Train(config, train, seed, Enumerable.Repeat(0.5f, labels).ToArray());
        var features = new SparseFeatures();
        for (int i = 0; i < dev.Count; i++)
        {
            if (folds[i] != f) continue;
            oof[i] = new float[labels];
            model.Predict(dev[i].User, dev[i].Reply, features, oof[i]);
        }
    }

    var thresholds = new float[labels];
    double sum = 0;
    for (int k = 0; k < labels; k++)
    {
        string criterion = GuardCriteria.All[k];
        var gold = dev.Select(d => d.Labels.Contains(criterion)).ToArray();
        (thresholds[k], double f1) = BestThreshold(oof.Select(p => p[k]).ToArray(), gold);
        sum += f1;
    }

    return (sum / labels, thresholds);
}

static (float Threshold, double F1) BestThreshold(float[] scores, bool[] gold)
{
    float bestT = 0.5f;
    double bestF1 = -1;
    for (int step = 5; step <= 95; step++)
    {
        float t = step / 100f;
        int tp = 0, pred = 0, sup = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool p = scores[i] >= t;
            if (p) pred++;
            if (gold[i]) sup++;
            if (p && gold[i]) tp++;
        }
        double f1 = sup + pred == 0 ? 0 : 2.0 * tp / (sup + pred);
        if (f1 > bestF1 + 1e-12)
        {
            bestF1 = f1;
            bestT = t;
        }
    }
    return (bestT, bestF1);
}

static LocalAssessorModel Train(Config config, IReadOnlyList<GuardSetItem> train, int seed, float[] thresholds, string trainedOn = "cross-validation fold")
{
    var replyOptions = new HashedFeaturizerOptions
    {
        BucketBits = 16,
        HashSeed = 11,
        UnigramWeight = 1f,
        BigramWeight = 1f,
        TrigramWeight = 0f,
        CharWeight = config.Chars,
        CharMinN = 3,
        CharMaxN = 5,
    };
    var featurizer = new GuardFeaturizer(replyOptions, new GuardFeaturizerOptions { UserWeight = config.User, CueWeight = config.Cue, EmotionWeight = config.Emotion });
    int labels = GuardCriteria.All.Count;
    int buckets = featurizer.BucketCount;
    var rows = train.Select(t =>
    {
        var f = new SparseFeatures();
        featurizer.Featurize(t.User, t.Reply, f);
        return (Buckets: f.Buckets.ToArray(), Values: f.Values.ToArray(), Gold: GuardCriteria.All.Select(c => t.Labels.Contains(c)).ToArray());
    }).ToArray();
    var w = new float[buckets * labels];
    var g2 = new float[buckets * labels];
    var b = new float[labels];
    var bg2 = new float[labels];
    Array.Fill(g2, 1e-2f);
    Array.Fill(bg2, 1e-2f);
    var posWeight = new float[labels];
    for (int k = 0; k < labels; k++)
    {
        int pos = rows.Count(r => r.Gold[k]);
        posWeight[k] = (float)Math.Min(5.0, Math.Sqrt((rows.Length - pos) / (double)Math.Max(1, pos)));
    }
    const float lr = 0.3f;
    var order = Enumerable.Range(0, rows.Length).ToArray();
    var random = new Random(seed);
    for (int epoch = 0; epoch < config.Epochs; epoch++)
    {
        random.Shuffle(order);
        foreach (int i in order)
        {
            var (bk, vals, gold) = rows[i];
            for (int k = 0; k < labels; k++)
            {
                float z = b[k];
                for (int j = 0; j < bk.Length; j++) z += vals[j] * w[bk[j] * labels + k];
                float p = 1f / (1f + MathF.Exp(-z));
                float grad = gold[k] ? (p - 1f) * posWeight[k] : p;
                for (int j = 0; j < bk.Length; j++)
                {
                    int idx = bk[j] * labels + k;
                    float gj = grad * vals[j] + config.L2 * w[idx];
                    g2[idx] += gj * gj;
                    w[idx] -= lr * gj / MathF.Sqrt(g2[idx]);
                }
                bg2[k] += grad * grad;
                b[k] -= lr * grad / MathF.Sqrt(bg2[k]);
            }
        }
    }

    var head = new LinearHead(buckets, labels, w, b, 1f, WeightEncoding.Half);
    var description = string.Create(CultureInfo.InvariantCulture,
        $"guard assessor: {trainedOn}, seed {seed}, cue {config.Cue}, user {config.User}, chars {config.Chars}, l2 {config.L2}, epochs {config.Epochs}, emotion {config.Emotion}");
    var model = new EstimatorModel(replyOptions, GuardCriteria.All, [head], thresholds, description);
    return new LocalAssessorModel(new GuardFeaturizerOptions { UserWeight = config.User, CueWeight = config.Cue, EmotionWeight = config.Emotion }, model);
}

internal sealed record Config(float Cue, float User, float Chars, float L2, int Epochs, float Emotion);
