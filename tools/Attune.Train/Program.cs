using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Attune.Emotions;

namespace Attune.Train;

/// <summary>Trains Attune's built-in GoEmotions estimator and writes its weights file.</summary>
internal static class Program
{
    private const string Usage = """
        Usage: Attune.Train [--tier fast] --train PATH --dev PATH --out PATH [--seed N] [--report PATH] [options]
          --train PATH        GoEmotions train.tsv (text, label ids, comment id)
          --dev PATH          GoEmotions dev.tsv, used for per-label threshold tuning and evaluation
          --out PATH          where to write the model (.bin)
          --seed N            random seed (default 42); same seed, same bytes out
          --report PATH       also write the evaluation as Markdown
          --dump-dev PATH     write dev probabilities (TSV) for offline analysis
        Model options (defaults are the shipped configuration):
          featurizer:  --bits 19 --char-min 2 --char-max 5 --w-uni 1 --w-bi 1 --w-tri 0 --w-char 1
          heads:       --heads linear   (comma-separated: linear, mlp; repeat mlp for several seeds)
                       --encoding int8  (int8 | half)
          linear head: --epochs 5 --lr 0.1 --l2 0.02 --pos-power 0 --pos-max 10 --avg 0
          mlp head:    --mlp-hidden 64 --mlp-epochs 5 --mlp-lr 0.05 --mlp-l2 0.001 --mlp-bits 16 --mlp-weight 1
          thresholds:  --thr-boot 50 (bootstrap rounds; 0 = tune once) --grid 0 (0 = exact)
          --verbose    per-epoch dev figures and calibration
        The accurate tier's head: Attune.Train --tier accurate … (run it with --tier accurate and no other option for its usage).
        The near-duplicate threshold of items generate: Attune.Train --tier similarity --pairs tools/similarity-pairs/pairs.tsv
        """;

    private static int Main(string[] args)
    {
        int tier = Array.IndexOf(args, "--tier");
        bool accurate = tier >= 0 && tier + 1 < args.Length && args[tier + 1] == "accurate";
        try
        {
            Arguments arguments = Arguments.Parse(args);
            if (tier >= 0 && tier + 1 < args.Length && args[tier + 1] == "similarity")
            {
                return SimilarityPairs.Run(arguments);
            }

            return accurate ? AccurateTraining.Run(arguments) : Run(arguments);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(accurate ? AccurateTraining.Usage : Usage);
            return 2;
        }
        catch (InputException e)
        {
            Console.Error.WriteLine("attune-train: " + e.Message);
            return 2;
        }
    }

    private static int Run(Arguments args)
    {
        var total = Stopwatch.StartNew();
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        string trainPath = args.Required("train");
        string devPath = args.Required("dev");
        string outPath = args.Required("out");
        string? reportPath = args.Optional("report");
        string? dumpPath = args.Optional("dump-dev");
        Taxonomy taxonomy = Taxonomy.GoEmotions;
        int labelCount = taxonomy.Count;
        var featurizerOptions = new HashedFeaturizerOptions
        {
            BucketBits = args.Int("bits", 19),
            CharMinN = args.Int("char-min", 2),
            CharMaxN = args.Int("char-max", 5),
            UnigramWeight = args.Float("w-uni", 1f),
            BigramWeight = args.Float("w-bi", 1f),
            TrigramWeight = args.Float("w-tri", 0f),
            CharWeight = args.Float("w-char", 1f),
            HashSeed = 0,
        };
        var linearOptions = new LinearTrainerOptions
        {
            Epochs = args.Int("epochs", 5),
            LearningRate = args.Float("lr", 0.1f),
            L2 = args.Float("l2", 2e-2f),
            PositiveWeightPower = args.Float("pos-power", 0f),
            MaxPositiveWeight = args.Float("pos-max", 10f),
            AverageLastEpochs = args.Int("avg", 0),
        };
        int seed = args.Int("seed", 42);
        double grid = args.Float("grid", 0f);
        bool verbose = args.Flag("verbose");
        Evaluation.BootstrapRounds = args.Int("thr-boot", 50);

        string[] headNames = (args.Optional("heads") ?? "linear").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        WeightEncoding encoding = (args.Optional("encoding") ?? "int8") switch
        {
            "half" => WeightEncoding.Half,
            "int8" => WeightEncoding.Int8PerRow,
            string other => throw new ArgumentException($"--encoding: '{other}' is not half or int8."),
        };
        var mlpOptions = new MlpTrainerOptions
        {
            Hidden = args.Int("mlp-hidden", 64),
            Epochs = args.Int("mlp-epochs", 5),
            LearningRate = args.Float("mlp-lr", 0.05f),
            L2 = args.Float("mlp-l2", 1e-3f),
            RowBits = args.Int("mlp-bits", 16),
        };
        float mlpWeight = args.Float("mlp-weight", 1f);
        _ = args.Optional("tier");
        args.ThrowIfUnused();

        Dataset train = Dataset.Read(trainPath, labelCount);
        Dataset dev = Dataset.Read(devPath, labelCount);
        var featurizer = new HashedFeaturizer(featurizerOptions);
        var featurizeTime = Stopwatch.StartNew();
        train.Featurize(featurizer);
        dev.Featurize(featurizer);
        Log($"featurized {train.Count} train and {dev.Count} dev texts in {featurizeTime.Elapsed.TotalSeconds:0.0}s; " +
            $"{(double)train.Buckets.Length / train.Count:0} features/text");

        (int[] halfA, int[] halfB) = dev.SplitHalves();
        int[] all = Enumerable.Range(0, dev.Count).ToArray();
        var heads = new List<ModelHead>();
        var trainTime = Stopwatch.StartNew();
        foreach (string headName in headNames)
        {
            var headTime = Stopwatch.StartNew();
            switch (headName)
            {
                case "linear":
                {
                    (float[] weights, float[] bias) = LinearTrainer.Train(
                        train,
                        featurizer.BucketCount,
                        labelCount,
                        linearOptions,
                        seed,
                        verbose
                            ? (epoch, w, b) =>
                            {
                                float[][] p = PredictRaw(dev, w, b, labelCount);
                                float[] t = Evaluation.TuneThresholds(p, dev.Labels, all, grid);
                                var m = Evaluation.Evaluate(p, dev.Labels, all, _ => t);
                                Log($"  linear epoch {epoch}: dev macro-F1 (tuned on dev) {Evaluation.MacroF1(m):0.0000}  [{headTime.Elapsed.TotalSeconds:0}s]");
                            }
                            : null);
                    var compact = new float[(long)featurizer.BucketCount * labelCount];
                    for (int r = 0; r < featurizer.BucketCount; r++)
                    {
                        weights.AsSpan(r * LinearTrainer.Stride, labelCount).CopyTo(compact.AsSpan(r * labelCount));
                    }

                    heads.Add(new LinearHead(featurizer.BucketCount, labelCount, compact, bias.AsSpan(0, labelCount), 1f, encoding));
                    break;
                }

                case "mlp":
                {
                    MlpWeights w = MlpTrainer.Train(
                        train,
                        featurizer.BucketCount,
                        labelCount,
                        mlpOptions,
                        seed + (1000 * heads.Count),
                        verbose
                            ? (epoch, weights) =>
                            {
                                var head = ToHead(weights, 1f, WeightEncoding.Half);
                                float[][] p = PredictHead(dev, head, labelCount);
                                float[] t = Evaluation.TuneThresholds(p, dev.Labels, all, grid);
                                var m = Evaluation.Evaluate(p, dev.Labels, all, _ => t);
                                Log($"  mlp epoch {epoch}: dev macro-F1 (tuned on dev) {Evaluation.MacroF1(m):0.0000}  [{headTime.Elapsed.TotalSeconds:0}s]");
                            }
                            : null);
                    heads.Add(ToHead(w, mlpWeight / headNames.Count(n => n == "mlp"), encoding));
                    break;
                }

                default:
                    throw new ArgumentException($"--heads: unknown head '{headName}' (linear, mlp).");
            }

            Log($"trained {headName} head in {headTime.Elapsed.TotalSeconds:0.0}s");

            EmbeddingBagHead ToHead(MlpWeights w, float weight, WeightEncoding headEncoding) =>
                new(featurizer.BucketCount, w.Embeddings.Length / mlpOptions.Hidden, mlpOptions.Hidden, labelCount, w.Embeddings, w.HiddenBias, w.Output, w.OutputBias, weight, headEncoding);
        }

        string description = string.Create(
            CultureInfo.InvariantCulture,
            $"Attune GoEmotions estimator; trained on GoEmotions train (Apache-2.0, Demszky et al. 2020); seed {seed}; heads {string.Join('+', headNames)}; {linearOptions}; {mlpOptions} weight {mlpWeight}; {featurizerOptions}");
        var draft = new EstimatorModel(featurizerOptions, taxonomy.Labels, heads, Enumerable.Repeat(0.5f, labelCount).ToArray(), description);

        // Evaluate what ships: write, read back (quantized weights), predict through the public inference path.
        EstimatorModel shipped = RoundTrip(draft);

        // Platt-scale each label on dev so that scores read as probabilities. The map is monotone per label, so it
        // changes no decision at a correspondingly moved threshold and no tuned F1.
        float[][] devLogits = PredictLogits(shipped, dev.Texts);
        var scales = new float[labelCount];
        var offsets = new float[labelCount];
        for (int k = 0; k < labelCount; k++)
        {
            (scales[k], offsets[k]) = Calibration.Fit(devLogits, dev.Labels, k);
        }

        if (verbose)
        {
            Log("calibration (scale/offset): " + string.Join(" ", Enumerable.Range(0, labelCount).Select(k => string.Create(CultureInfo.InvariantCulture, $"{scales[k]:0.00}/{offsets[k]:0.00}"))));
        }

        shipped = shipped.WithCalibration(scales, offsets);
        float[][] probabilities = Predict(shipped, dev.Texts);

        var evaluation = DevEvaluation.Of(probabilities, dev.Labels, halfA, halfB, all, grid);
        LabelMetrics[] half = Evaluation.Evaluate(probabilities, dev.Labels, all, _ => Enumerable.Repeat(0.5f, labelCount).ToArray());

        Log(string.Create(CultureInfo.InvariantCulture,
            $"SUMMARY repeated={evaluation.Repeated:0.0000} crossed={Evaluation.MacroF1(evaluation.Crossed):0.0000} optimistic={Evaluation.MacroF1(evaluation.Optimistic):0.0000} fixed05={Evaluation.MacroF1(half):0.0000} time={total.Elapsed.TotalSeconds:0}s"));
        EstimatorModel final = shipped.WithThresholds(evaluation.ThresholdsAll);
        byte[] bytes = Serialize(final);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        File.WriteAllBytes(outPath, bytes);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Attune GoEmotions estimator: training report");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- model: {outPath} ({bytes.Length:N0} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))})");
        report.AppendLine(CultureInfo.InvariantCulture, $"- seed {seed}; {linearOptions}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- {featurizerOptions}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- dev halves by comment-id hash: A = {halfA.Length} rows, B = {halfB.Length} rows; threshold grid {(grid > 0 ? grid.ToString(CultureInfo.InvariantCulture) : "exact")}");
        evaluation.AppendFigures(report);
        report.AppendLine(CultureInfo.InvariantCulture, $"- dev macro-F1 at a fixed 0.5 threshold: {Evaluation.MacroF1(half):0.0000}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- total time {total.Elapsed.TotalSeconds:0.0}s");
        report.AppendLine();
        evaluation.AppendLabelTable(report, taxonomy);

        Console.Out.Write(report.ToString());
        if (reportPath is not null)
        {
            File.WriteAllText(reportPath, report.ToString());
        }

        if (dumpPath is not null)
        {
            using var writer = new StreamWriter(dumpPath);
            for (int i = 0; i < dev.Count; i++)
            {
                writer.WriteLine(string.Join('\t', probabilities[i].Select(p => p.ToString("R", CultureInfo.InvariantCulture))));
            }
        }

        return 0;
    }

    private static EstimatorModel RoundTrip(EstimatorModel model)
    {
        using var stream = new MemoryStream(Serialize(model));
        return EstimatorModel.Read(stream);
    }

    private static byte[] Serialize(EstimatorModel model)
    {
        using var stream = new MemoryStream();
        model.Write(stream);
        return stream.ToArray();
    }

    private static float[][] Predict(EstimatorModel model, string[] texts)
    {
        var features = new SparseFeatures();
        var result = new float[texts.Length][];
        for (int i = 0; i < texts.Length; i++)
        {
            model.Featurizer.Featurize(texts[i].AsSpan(), features);
            result[i] = new float[model.Labels.Count];
            model.Predict(features, result[i]);
        }

        return result;
    }

    private static float[][] PredictLogits(EstimatorModel model, string[] texts)
    {
        var features = new SparseFeatures();
        var result = new float[texts.Length][];
        for (int i = 0; i < texts.Length; i++)
        {
            model.Featurizer.Featurize(texts[i].AsSpan(), features);
            result[i] = new float[model.Labels.Count];
            model.PredictLogits(features, result[i]);
        }

        return result;
    }

    private static float[][] PredictHead(Dataset data, ModelHead head, int labelCount)
    {
        var result = new float[data.Count][];
        var features = new SparseFeatures();
        for (int i = 0; i < data.Count; i++)
        {
            features.Clear();
            ReadOnlySpan<int> buckets = data.RowBuckets(i);
            ReadOnlySpan<float> values = data.RowValues(i);
            for (int f = 0; f < buckets.Length; f++)
            {
                features.Add(buckets[f], values[f]);
            }

            var z = new float[labelCount];
            head.AddLogits(features, z);
            for (int k = 0; k < labelCount; k++)
            {
                z[k] = 1f / (1f + MathF.Exp(-z[k]));
            }

            result[i] = z;
        }

        return result;
    }

    private static float[][] PredictRaw(Dataset data, float[] weights, float[] bias, int labelCount)
    {
        var result = new float[data.Count][];
        for (int i = 0; i < data.Count; i++)
        {
            var z = new float[labelCount];
            bias.AsSpan(0, labelCount).CopyTo(z);
            ReadOnlySpan<int> buckets = data.RowBuckets(i);
            ReadOnlySpan<float> values = data.RowValues(i);
            for (int f = 0; f < buckets.Length; f++)
            {
                ReadOnlySpan<float> w = weights.AsSpan(buckets[f] * LinearTrainer.Stride, labelCount);
                for (int k = 0; k < labelCount; k++)
                {
                    z[k] += values[f] * w[k];
                }
            }

            for (int k = 0; k < labelCount; k++)
            {
                z[k] = 1f / (1f + MathF.Exp(-z[k]));
            }

            result[i] = z;
        }

        return result;
    }

    private static void Log(string message) => Console.Error.WriteLine(message);
}
