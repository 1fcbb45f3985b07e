using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Attune.Emotions;
using Attune.Text;

namespace Attune.Train;

/// <summary>
/// Trains the accurate tier's head: sentence-encoder embeddings of GoEmotions train → MLP (or linear) head, plus a
/// weighted share of the fast tier's logits; per-label Platt calibration and thresholds on dev, as for the fast tier.
/// </summary>
internal static class AccurateTraining
{
    public const string Usage = """
        Usage: Attune.Train --tier accurate --train PATH --dev PATH --out PATH [--seed N] [--report PATH] [--cache DIR] [options]
          --cache DIR         keep the texts' embeddings there (computing them takes minutes; a cache file is named by a
                              hash of the encoder and the texts, so a stale one is never read)
          --train-x PATH, --dev-x PATH  read the embeddings from raw float32 files instead (another encoder's, for comparison;
                              the head written is then for that encoder and is not loadable by Attune)
          --pooling mean+layers  mean+layers (the normalised mean token states of the first five of the six layers
                              appended to the sentence embedding), mean (the sentence embedding alone) or mean+max (the
                              token states' maximum appended)
          --limit N           train on the first N training texts only (quick experiments, tests)
        Head options (defaults are the shipped configuration):
          --hidden 256 --epochs 12 --lr 0.001 --decay 0.0001 --batch 64 --dropout 0.1 --pos-power 0
          --members 5         heads trained with seeds seed, seed+1, …, their logits averaged
          --mean-members 3    with --pooling mean+layers: also train this many heads on the sentence embedding alone
                              (seeds seed, seed+1, …) and average all of them together (members that differ in what
                              they read, not only in their seeds)
          --fast-inputs 1     feed the fast tier's calibrated logits to the head as inputs (0 = no); on train these are
                              out-of-fold logits of n-gram models trained on the other folds (--folds 5), as the
                              shipped n-gram model has seen every training text
          --fast-input-scale 1  factor of those inputs
          --fast-weight 0     weight of the fast tier's calibrated logits added to the head's output (late fusion)
          --thr-boot 50       bootstrap rounds for thresholds (0 = tune once)
          --sweep-fast W,W,…  also print the dev figures for these fast-tier weights (model selection)
          --verbose           per-epoch dev figures
        """;

    public static int Run(Arguments args)
    {
        var total = Stopwatch.StartNew();
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        string trainPath = args.Required("train");
        string devPath = args.Required("dev");
        string outPath = args.Required("out");
        string? reportPath = args.Optional("report");
        string? cache = args.Optional("cache");
        int limit = args.Int("limit", int.MaxValue);
        EmbeddingPooling pooling = (args.Optional("pooling") ?? "mean+layers") switch
        {
            "mean" => EmbeddingPooling.Mean,
            "mean+max" => EmbeddingPooling.MeanMax,
            "mean+layers" => EmbeddingPooling.MeanLayers,
            string other => throw new ArgumentException($"--pooling: '{other}' is not mean, mean+max or mean+layers."),
        };
        string? trainXPath = args.Optional("train-x");
        string? devXPath = args.Optional("dev-x");
        int seed = args.Int("seed", 42);
        var options = new EncoderHeadOptions
        {
            Hidden = args.Int("hidden", 256),
            Epochs = args.Int("epochs", 12),
            LearningRate = args.Float("lr", 1e-3f),
            WeightDecay = args.Float("decay", 1e-4f),
            BatchSize = args.Int("batch", 64),
            Dropout = args.Float("dropout", 0.1f),
            PositivePower = args.Float("pos-power", 0f),
        };
        int members = args.Int("members", 5);
        int meanMembers = args.Int("mean-members", pooling == EmbeddingPooling.MeanLayers && trainXPath is null ? 3 : 0);
        if (meanMembers > 0 && (pooling != EmbeddingPooling.MeanLayers || trainXPath is not null))
        {
            throw new ArgumentException("--mean-members needs --pooling mean+layers and Attune's own embeddings (no --train-x).");
        }
        float fastWeight = args.Float("fast-weight", 0f);
        bool fastInputs = args.Int("fast-inputs", 1) != 0;
        float fastInputScale = args.Float("fast-input-scale", 1f);
        int folds = args.Int("folds", 5);
        float[] sweep = (args.Optional("sweep-fast") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        bool verbose = args.Flag("verbose");
        Evaluation.BootstrapRounds = args.Int("thr-boot", 50);
        _ = args.Optional("tier");
        args.ThrowIfUnused();

        Taxonomy taxonomy = Taxonomy.GoEmotions;
        int labelCount = taxonomy.Count;
        Dataset train = Dataset.Read(trainPath, labelCount);
        Dataset dev = Dataset.Read(devPath, labelCount);
        string[] trainTexts = train.Texts.Take(limit).ToArray();
        bool[][] trainLabels = train.Labels.Take(limit).ToArray();

        var embedTime = Stopwatch.StartNew();
        float[][] trainX = trainXPath is null ? Embed(trainTexts, cache, pooling) : ReadRaw(trainXPath, train.Count)[..trainTexts.Length];
        float[][] devX = devXPath is null ? Embed(dev.Texts, cache, pooling) : ReadRaw(devXPath, dev.Count);
        Log($"embedded {trainX.Length} train and {devX.Length} dev texts in {embedTime.Elapsed.TotalSeconds:0}s");

        BuiltInEstimator fast = BuiltInEstimator.Load();
        float[][] devFast = dev.Texts.Select(t => FastLogits(fast, t)).ToArray();
        int[] all = Enumerable.Range(0, dev.Count).ToArray();
        int fastCount = fastInputs ? labelCount : 0;
        float[][]? trainFast = null;
        if (fastInputs)
        {
            var foldTime = Stopwatch.StartNew();
            trainFast = Cached(cache, $"oof-{folds}-{seed}", trainTexts, labelCount, () => OutOfFoldFastLogits(train.Subset(Enumerable.Range(0, trainTexts.Length).ToArray()), fast, folds, seed));
            Log($"out-of-fold fast-tier logits ({folds} folds) in {foldTime.Elapsed.TotalSeconds:0}s");
            trainX = trainX.Select((e, i) => Append(e, trainFast[i], fastInputScale)).ToArray();
        }


        var trainTime = Stopwatch.StartNew();
        var trained = new List<EncoderHeadModel>();
        for (int m = 0; m < members; m++)
        {
            trained.Add(EncoderHeadTrainer.Train(
                trainX,
                trainLabels,
                taxonomy.Labels,
                TextEncoder.ModelName,
                options,
                seed + m,
                fastCount,
                fastInputScale,
                verbose
                    ? (epoch, model) =>
                    {
                        float[][] logits = HeadLogits(model, devX, devFast);
                        float[][] p = Sigmoid(logits);
                        float[] t = Evaluation.TuneThresholds(p, dev.Labels, all, 0);
                        Log($"  epoch {epoch}: dev macro-F1 (tuned on dev, head alone) {Evaluation.MacroF1(Evaluation.Evaluate(p, dev.Labels, all, _ => t)):0.0000}  [{trainTime.Elapsed.TotalSeconds:0}s]");
                    }
                    : null));
        }

        string described = $"{TextEncoder.ModelName} head; {members} members (seeds {seed}–{seed + members - 1}); {options}";
        if (meanMembers > 0)
        {
            // heads on the sentence embedding alone (the first Dimensions values of each row, the same numbers
            // EmbeddingPooling.Mean gives) and the fast logits, widened with zero weights for the layer inputs
            int layered = TextEncoder.Width(pooling);
            float[][] meanX = trainX.Select(row => (float[])[.. row.AsSpan(0, TextEncoder.Dimensions), .. row.AsSpan(layered)]).ToArray();

            var meanHeads = new List<EncoderHeadModel>();
            for (int m = 0; m < meanMembers; m++)
            {
                meanHeads.Add(EncoderHeadTrainer.Train(meanX, trainLabels, taxonomy.Labels, TextEncoder.ModelName, options, seed + m, fastCount, fastInputScale, null)
                    .Widen(TextEncoder.Width(pooling)));
            }

            trained.InsertRange(0, meanHeads);
            described = $"{TextEncoder.ModelName} head; {meanMembers} members on the sentence embedding (seeds {seed}–{seed + meanMembers - 1}) and {members} on it and the inner layers' means (seeds {seed}–{seed + members - 1}); {options}";
        }

        EncoderHeadModel head = trained.Count == 1 ? trained[0] : EncoderHeadModel.Ensemble(trained, described);
        Log($"trained the head in {trainTime.Elapsed.TotalSeconds:0.0}s");

        float[][] devHead = HeadLogits(head, devX, devFast);

        foreach (float w in sweep)
        {
            (_, float[][] p) = Calibrate(devHead, devFast, w, dev.Labels, labelCount);
            double repeated = Evaluation.RepeatedCrossTunedMacroF1(p, dev.Labels, 20, 0);
            float[] tAll = Evaluation.TuneThresholds(p, dev.Labels, all, 0);
            Log(string.Create(CultureInfo.InvariantCulture,
                $"SWEEP fast-weight={w} repeated={repeated:0.0000} optimistic={Evaluation.MacroF1(Evaluation.Evaluate(p, dev.Labels, all, _ => tAll)):0.0000}"));
        }

        ((float[] scales, float[] offsets), float[][] probabilities) = Calibrate(devHead, devFast, fastWeight, dev.Labels, labelCount);
        (int[] halfA, int[] halfB) = dev.SplitHalves();
        var evaluation = DevEvaluation.Of(probabilities, dev.Labels, halfA, halfB, all, 0);
        Log(string.Create(CultureInfo.InvariantCulture,
            $"SUMMARY repeated={evaluation.Repeated:0.0000} crossed={Evaluation.MacroF1(evaluation.Crossed):0.0000} optimistic={Evaluation.MacroF1(evaluation.Optimistic):0.0000} time={total.Elapsed.TotalSeconds:0}s"));

        EncoderHeadModel final = head.With(fastWeight, scales, offsets, evaluation.ThresholdsAll);
        byte[] bytes;
        using (var stream = new MemoryStream())
        {
            final.Write(stream);
            bytes = stream.ToArray();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        File.WriteAllBytes(outPath, bytes);

        var report = new StringBuilder();
        report.AppendLine("# Attune GoEmotions accurate estimator: training report");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- model: {outPath} ({bytes.Length:N0} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))})");
        report.AppendLine(CultureInfo.InvariantCulture, $"- encoder {TextEncoder.ModelName} ({pooling} pooling); seed {seed}; {options}; members {members}{(meanMembers > 0 ? $" + {meanMembers} on the sentence embedding alone" : "")}; fast-tier inputs {fastCount} × {fastInputScale}, output weight {fastWeight}; training texts {trainX.Length}");
        evaluation.AppendFigures(report);
        report.AppendLine(CultureInfo.InvariantCulture, $"- total time {total.Elapsed.TotalSeconds:0.0}s");
        report.AppendLine();
        evaluation.AppendLabelTable(report, taxonomy);

        Console.Out.Write(report.ToString());
        if (reportPath is not null)
        {
            File.WriteAllText(reportPath, report.ToString());
        }

        return 0;
    }

    /// <summary>Platt-scales the combined logits on dev; returns the calibration and the calibrated probabilities.</summary>
    private static ((float[] Scales, float[] Offsets), float[][] Probabilities) Calibrate(
        float[][] head, float[][] fast, float fastWeight, bool[][] truth, int labelCount)
    {
        float[][] combined = head.Select((h, i) => h.Select((z, k) => z + (fastWeight * fast[i][k])).ToArray()).ToArray();
        var scales = new float[labelCount];
        var offsets = new float[labelCount];
        for (int k = 0; k < labelCount; k++)
        {
            (scales[k], offsets[k]) = Calibration.Fit(combined, truth, k);
        }

        float[][] p = combined.Select(z => z.Select((v, k) => 1f / (1f + MathF.Exp(-((scales[k] * v) + offsets[k])))).ToArray()).ToArray();
        return ((scales, offsets), p);
    }

    private static float[] FastLogits(BuiltInEstimator fast, string text)
    {
        var logits = new float[fast.Model.Labels.Count];
        string read = text.Length > AccurateEstimator.MaxCharacters ? text[..AccurateEstimator.MaxCharacters] : text;
        AccurateEstimator.FastTierLogits(fast, read, logits);
        return logits;
    }

    private static float[][] HeadLogits(EncoderHeadModel head, float[][] x, float[][] fast)
    {
        float[][] logits = x.Select(_ => new float[head.Labels.Count]).ToArray();
        head.HeadLogits(x, fast, logits);
        return logits;
    }

    private static float[] Append(float[] embedding, float[] fast, float scale) =>
        [.. embedding, .. fast.Select(f => f * scale)];

    /// <summary>
    /// Calibrated fast-tier logits for every training text from n-gram models that did not see it: the rows are split into
    /// folds (seeded), a model with the shipped featurizer and training settings is trained on the other folds, and its
    /// logits are Platt-scaled on all the out-of-fold logits together.
    /// </summary>
    private static float[][] OutOfFoldFastLogits(Dataset train, BuiltInEstimator fast, int folds, int seed)
    {
        var featurizer = new HashedFeaturizer(fast.Model.Featurizer.Options);
        train.Featurize(featurizer);
        int labelCount = fast.Model.Labels.Count;
        int[] order = Enumerable.Range(0, train.Count).ToArray();
        new Random(seed).Shuffle(order);
        var logits = new float[train.Count][];
        var options = new LinearTrainerOptions { Epochs = 5, LearningRate = 0.1f, L2 = 2e-2f, PositiveWeightPower = 0f };
        for (int f = 0; f < folds; f++)
        {
            int[] held = order.Where((_, j) => j % folds == f).ToArray();
            int[] rest = order.Where((_, j) => j % folds != f).ToArray();
            (float[] weights, float[] bias) = LinearTrainer.Train(train.Subset(rest), featurizer.BucketCount, labelCount, options, seed + f);
            foreach (int i in held)
            {
                var z = new float[labelCount];
                bias.AsSpan(0, labelCount).CopyTo(z);
                ReadOnlySpan<int> buckets = train.RowBuckets(i);
                ReadOnlySpan<float> values = train.RowValues(i);
                for (int b = 0; b < buckets.Length; b++)
                {
                    ReadOnlySpan<float> w = weights.AsSpan(buckets[b] * LinearTrainer.Stride, labelCount);
                    for (int k = 0; k < labelCount; k++)
                    {
                        z[k] += values[b] * w[k];
                    }
                }

                logits[i] = z;
            }
        }

        for (int k = 0; k < labelCount; k++)
        {
            (float a, float b) = Calibration.Fit(logits, train.Labels, k);
            foreach (float[] z in logits)
            {
                z[k] = (a * z[k]) + b;
            }
        }

        return logits;
    }

    private static float[][] Sigmoid(float[][] logits) =>
        logits.Select(z => z.Select(v => 1f / (1f + MathF.Exp(-v))).ToArray()).ToArray();

    /// <summary>Embeds texts as the accurate estimator does (first characters only), through an optional cache file.</summary>
    private static float[][] Embed(string[] texts, string? cache, EmbeddingPooling pooling)
    {
        string[] read = texts.Select(t => t.Length > AccurateEstimator.MaxCharacters ? t[..AccurateEstimator.MaxCharacters] : t).ToArray();
        string kind = pooling switch
        {
            EmbeddingPooling.MeanMax => "-max",
            EmbeddingPooling.MeanLayers => "-layersum" + string.Join('+', TextEncoder.PooledLayers),
            _ => "",
        };
        return Cached(cache, $"embeddings-{TextEncoder.ModelName}{kind}-{TextEncoder.MaxTokens}-{TextEncoder.BatchSize}", read, TextEncoder.Width(pooling), () => TextEncoder.Shared.Encode(read, pooling));
    }

    /// <summary>
    /// A matrix (one row of <paramref name="width"/> floats per text) from a cache file named by a hash of
    /// <paramref name="kind"/> and the texts, or computed (and then stored) when there is none.
    /// </summary>
    private static float[][] Cached(string? cache, string kind, string[] texts, int width, Func<float[][]> compute)
    {
        string? file = null;
        if (cache is not null)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(Encoding.UTF8.GetBytes(kind + "\n"));
            foreach (string t in texts)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(t + "\n"));
            }

            file = Path.Combine(cache, $"{kind}-{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}.f32");
            if (File.Exists(file))
            {
                byte[] bytes = File.ReadAllBytes(file);
                if (bytes.Length == texts.Length * width * sizeof(float))
                {
                    var cached = new float[texts.Length][];
                    for (int i = 0; i < cached.Length; i++)
                    {
                        cached[i] = new float[width];
                        Buffer.BlockCopy(bytes, i * width * sizeof(float), cached[i], 0, width * sizeof(float));
                    }

                    return cached;
                }
            }
        }

        float[][] rows = compute();
        if (file is not null)
        {
            Directory.CreateDirectory(cache!);
            var bytes = new byte[texts.Length * width * sizeof(float)];
            for (int i = 0; i < rows.Length; i++)
            {
                Buffer.BlockCopy(rows[i], 0, bytes, i * width * sizeof(float), width * sizeof(float));
            }

            File.WriteAllBytes(file, bytes);
        }

        return rows;
    }

    private static float[][] ReadRaw(string path, int rows)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length != rows * TextEncoder.Dimensions * sizeof(float))
        {
            throw new ArgumentException($"{path}: expected {rows} × {TextEncoder.Dimensions} float32 values.");
        }

        var x = new float[rows][];
        for (int i = 0; i < rows; i++)
        {
            x[i] = new float[TextEncoder.Dimensions];
            Buffer.BlockCopy(bytes, i * TextEncoder.Dimensions * sizeof(float), x[i], 0, TextEncoder.Dimensions * sizeof(float));
        }

        return x;
    }

    private static void Log(string message) => Console.Error.WriteLine(message);
}
