using Attune.Emotions;

namespace Attune.Tests.Emotions;

public sealed class EstimatorModelTests
{
    internal static EstimatorModel TinyModel(WeightEncoding encoding = WeightEncoding.Half)
    {
        var options = new HashedFeaturizerOptions { BucketBits = 10 };
        int buckets = options.BucketCount;
        int labels = 3;
        var weights = new float[buckets * labels];
        var random = new Random(1);
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(random.NextDouble() - 0.5);
        }

        var head = new LinearHead(buckets, labels, weights, [0.1f, -0.2f, 0.3f], 1f, encoding);
        return new EstimatorModel(options, ["a", "b", "c"], [head], [0.5f, 0.4f, 0.6f], "tiny");
    }

    [Theory]
    [InlineData(WeightEncoding.Half, 1e-3)]
    [InlineData(WeightEncoding.Int8PerRow, 2e-2)]
    public void Write_then_Read_gives_the_same_model(WeightEncoding encoding, double tolerance)
    {
        EstimatorModel model = TinyModel(encoding);
        using var stream = new MemoryStream();
        model.Write(stream);
        stream.Position = 0;
        EstimatorModel read = EstimatorModel.Read(stream);

        Assert.Equal(model.Labels, read.Labels);
        Assert.Equal(model.Thresholds, read.Thresholds);
        Assert.Equal("tiny", read.Description);
        Assert.Equal(model.Featurizer.Options, read.Featurizer.Options);
        SparseFeatures features = model.Featurizer.Featurize("some words to score");
        var expected = new float[3];
        var actual = new float[3];
        model.Predict(features, expected);
        read.Predict(features, actual);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(expected[k], actual[k], tolerance);
        }
    }

    [Theory]
    [InlineData(28)] // as the built-in model: the vectorized path
    [InlineData(5)] // any other shape: the scalar path
    public void An_int8_model_is_scored_from_its_stored_rows_exactly_as_from_their_dequantized_floats(int labels)
    {
        // The expected weights follow the Int8PerRow format by hand: per row, scale = max|w| / 127 and
        // q = round(w / scale), half to even, clamped to ±127; a weight is q × scale.
        var options = new HashedFeaturizerOptions { BucketBits = 10 };
        int buckets = options.BucketCount;
        var random = new Random(7);
        var weights = new float[buckets * labels];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextDouble() - 0.5) * (i % 5 == 0 ? 4 : 1);
        var dequantized = new float[weights.Length];
        for (int r = 0; r < buckets; r++)
        {
            var row = weights.AsSpan(r * labels, labels);
            float max = 0f;
            foreach (float w in row) max = MathF.Max(max, MathF.Abs(w));
            float scale = max / 127f;
            for (int c = 0; c < labels; c++)
            {
                int q = Math.Clamp((int)MathF.Round(row[c] / scale, MidpointRounding.ToEven), -127, 127);
                dequantized[(r * labels) + c] = q * scale;
            }
        }

        string[] names = [.. Enumerable.Range(0, labels).Select(k => "l" + k)];
        float[] bias = [.. Enumerable.Range(0, labels).Select(k => k / 100f)];
        float[] thresholds = [.. Enumerable.Repeat(0.5f, labels)];
        var written = new EstimatorModel(options, names, [new LinearHead(buckets, labels, weights, bias, 1f, WeightEncoding.Int8PerRow)], thresholds, "int8");
        var reference = new EstimatorModel(options, names, [new LinearHead(buckets, labels, dequantized, bias, 1f, WeightEncoding.Half)], thresholds, "floats");
        using var stream = new MemoryStream();
        written.Write(stream);
        stream.Position = 0;
        EstimatorModel read = EstimatorModel.Read(stream);

        var head = (LinearHead)read.Heads[0];
        for (int r = 0; r < buckets; r++)
        {
            Assert.Equal(dequantized.AsSpan(r * labels, labels).ToArray(), head.Row(r).ToArray());
        }

        foreach (string text in new[] { "some words to score", "I can't believe it!! so happy :)", "x", "the the the the" })
        {
            var features = read.Featurizer.Featurize(text);
            var expected = new float[labels];
            var actual = new float[labels];
            reference.Predict(features, expected);
            read.Predict(features, actual);
            Assert.Equal(expected, actual); // bit for bit
        }

        // written back from its stored rows, the model is the file it was read from
        using var again = new MemoryStream();
        read.Write(again);
        Assert.Equal(stream.ToArray(), again.ToArray());
    }

    [Fact]
    public void A_truncated_int8_model_is_refused()
    {
        using var stream = new MemoryStream();
        TinyModel(WeightEncoding.Int8PerRow).Write(stream);
        byte[] truncated = stream.ToArray()[..(int)(stream.Length - 10)];
        Assert.Throws<InvalidDataException>(() => EstimatorModel.Read(new MemoryStream(truncated)));
    }

    [Fact]
    public void Writing_twice_gives_identical_bytes()
    {
        EstimatorModel model = TinyModel();
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        model.Write(a);
        model.Write(b);
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void Read_rejects_garbage_and_truncated_files()
    {
        Assert.Throws<InvalidDataException>(() => EstimatorModel.Read(new MemoryStream("not a model"u8.ToArray())));

        using var stream = new MemoryStream();
        TinyModel().Write(stream);
        byte[] truncated = stream.ToArray()[..(int)(stream.Length / 2)];
        Assert.Throws<InvalidDataException>(() => EstimatorModel.Read(new MemoryStream(truncated)));
    }

    [Fact]
    public void Predict_gives_probabilities()
    {
        EstimatorModel model = TinyModel();
        var probabilities = new float[3];
        model.Predict(model.Featurizer.Featurize("hello"), probabilities);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void Heads_must_match_labels_and_buckets_and_thresholds_must_be_valid()
    {
        var options = new HashedFeaturizerOptions { BucketBits = 10 };
        var head = new LinearHead(options.BucketCount, 2, new float[options.BucketCount * 2], [0f, 0f]);
        Assert.Throws<ArgumentException>(() => new EstimatorModel(options, ["a", "b", "c"], [head], [0.5f, 0.5f, 0.5f]));
        Assert.Throws<ArgumentException>(() => new EstimatorModel(options with { BucketBits = 11 }, ["a", "b"], [head], [0.5f, 0.5f]));
        Assert.Throws<ArgumentException>(() => new EstimatorModel(options, ["a", "b"], [head], [0.5f, 1.5f]));
        Assert.Throws<ArgumentException>(() => new LinearHead(options.BucketCount, 2, new float[3], [0f, 0f]));
    }

    [Fact]
    public void Out_of_range_buckets_are_rejected()
    {
        EstimatorModel model = TinyModel();
        var features = new SparseFeatures();
        features.Add(model.Featurizer.BucketCount, 1f);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict(features, new float[3]));
    }

    [Fact]
    public void Calibration_round_trips_and_is_applied_before_the_sigmoid()
    {
        EstimatorModel model = TinyModel(WeightEncoding.Half).WithCalibration([2f, 1f, 0.5f], [0.5f, 0f, -1f]);
        using var stream = new MemoryStream();
        model.Write(stream);
        stream.Position = 0;
        EstimatorModel read = EstimatorModel.Read(stream);
        Assert.Equal([2f, 1f, 0.5f], read.CalibrationScales);
        Assert.Equal([0.5f, 0f, -1f], read.CalibrationOffsets);

        SparseFeatures features = read.Featurizer.Featurize("calibrate me");
        var logits = new float[3];
        var probabilities = new float[3];
        read.PredictLogits(features, logits);
        read.Predict(features, probabilities);
        Assert.Equal(1f / (1f + MathF.Exp(-((2f * logits[0]) + 0.5f))), probabilities[0], 1e-6);
        Assert.Equal(1f / (1f + MathF.Exp(-((0.5f * logits[2]) - 1f))), probabilities[2], 1e-6);
        Assert.Throws<ArgumentException>(() => model.WithCalibration([0f, 1f, 1f], [0f, 0f, 0f]));
    }

    [Fact]
    public void Embedding_bag_head_round_trips_and_adds_to_linear_logits()
    {
        var options = new HashedFeaturizerOptions { BucketBits = 10 };
        int rows = 256, hidden = 8, labels = 3;
        var random = new Random(2);
        float[] Random(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var mlp = new EmbeddingBagHead(options.BucketCount, rows, hidden, labels, Random(rows * hidden), Random(hidden), Random(hidden * labels), Random(labels), 0.5f, WeightEncoding.Half);
        EstimatorModel linearOnly = TinyModel();
        var model = new EstimatorModel(options, linearOnly.Labels, [linearOnly.Heads[0], mlp], linearOnly.Thresholds);

        using var stream = new MemoryStream();
        model.Write(stream);
        stream.Position = 0;
        EstimatorModel read = EstimatorModel.Read(stream);
        var head = Assert.IsType<EmbeddingBagHead>(read.Heads[1]);
        Assert.Equal(rows, head.RowCount);
        Assert.Equal(0.5f, head.Weight);

        SparseFeatures features = model.Featurizer.Featurize("a few words to fold onto rows");
        var both = new float[3];
        var linear = new float[3];
        var expected = new float[3];
        read.PredictLogits(features, both);
        linearOnly.PredictLogits(features, linear);
        mlp.AddLogits(features, expected);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(linear[k] + expected[k], both[k], 1e-2);
        }

        Assert.Throws<ArgumentException>(() => new EmbeddingBagHead(options.BucketCount, 300, hidden, labels, new float[300 * hidden], new float[hidden], new float[hidden * labels], new float[labels]));
    }

    [Fact]
    public void WithThresholds_replaces_only_the_thresholds()
    {
        EstimatorModel model = TinyModel();
        EstimatorModel other = model.WithThresholds([0.1f, 0.2f, 0.3f]);
        Assert.Equal([0.1f, 0.2f, 0.3f], other.Thresholds);
        Assert.Same(model.Heads[0], other.Heads[0]);
    }
}
