using System.Security.Cryptography;
using Attune.Emotions;

namespace Attune.Tests.Emotions;

public class EncoderHeadTrainerTests
{
    private static readonly string[] Labels = ["a", "b", "c"];

    // A small sample with a known rule: label a when x0 > 0.2, b when x1 > 0.2, c when neither.
    private static (float[][] X, bool[][] Y) Sample(int n, int seed)
    {
        var random = new Random(seed);
        var x = new float[n][];
        var y = new bool[n][];
        for (int i = 0; i < n; i++)
        {
            x[i] = Enumerable.Range(0, 16).Select(_ => (random.NextSingle() * 2f) - 1f).ToArray();
            bool a = x[i][0] > 0.2f, b = x[i][1] > 0.2f;
            y[i] = [a, b, !a && !b];
        }

        return (x, y);
    }

    private static byte[] Bytes(EncoderHeadModel model)
    {
        using var stream = new MemoryStream();
        model.Write(stream);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void Same_seed_gives_the_same_bytes_and_another_seed_other_bytes(int hidden)
    {
        var (x, y) = Sample(300, 1);
        var options = new EncoderHeadOptions { Hidden = hidden, Epochs = 3, BatchSize = 16, LearningRate = 0.01f };
        byte[] first = Bytes(EncoderHeadTrainer.Train(x, y, Labels, "test", options, seed: 42));
        byte[] second = Bytes(EncoderHeadTrainer.Train(x, y, Labels, "test", options, seed: 42));
        byte[] other = Bytes(EncoderHeadTrainer.Train(x, y, Labels, "test", options, seed: 43));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(first)), Convert.ToHexString(SHA256.HashData(second)));
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Learns_a_simple_rule_and_round_trips_through_its_file_format()
    {
        var (x, y) = Sample(2000, 2);
        var model = EncoderHeadModel.Ensemble(
            [EncoderHeadTrainer.Train(x, y, Labels, "test", new EncoderHeadOptions { Hidden = 32, Epochs = 30, BatchSize = 32, LearningRate = 0.01f, Dropout = 0f }, seed: 7),
             EncoderHeadTrainer.Train(x, y, Labels, "test", new EncoderHeadOptions { Hidden = 32, Epochs = 30, BatchSize = 32, LearningRate = 0.01f, Dropout = 0f }, seed: 8)],
            "two members");
        model = model.With(0f, [1f, 1f, 1f], [0f, 0f, 0f], [0.5f, 0.5f, 0.5f]);
        using var stream = new MemoryStream(Bytes(model));
        EncoderHeadModel read = EncoderHeadModel.Read(stream);
        Assert.Equal(Bytes(model), Bytes(read));

        var (testX, testY) = Sample(500, 3);
        int right = 0;
        var logits = new float[3];
        var p = new float[3];
        for (int i = 0; i < testX.Length; i++)
        {
            read.HeadLogits(testX[i], [], logits);
            read.Probabilities(logits, new float[3], p);
            right += Enumerable.Range(0, 3).All(k => (p[k] >= 0.5f) == testY[i][k]) ? 1 : 0;
        }

        // The rule is two thresholds on two inputs: a small MLP gets nearly every example right.
        Assert.True(right >= 450, $"{right} of 500 right");
    }

    [Fact]
    public void Rejects_a_truncated_or_foreign_file()
    {
        var (x, y) = Sample(50, 4);
        byte[] bytes = Bytes(EncoderHeadTrainer.Train(x, y, Labels, "test", new EncoderHeadOptions { Hidden = 0, Epochs = 1 }, seed: 1));
        Assert.Throws<InvalidDataException>(() => EncoderHeadModel.Read(new MemoryStream(bytes[..(bytes.Length / 2)])));
        Assert.Throws<InvalidDataException>(() => EncoderHeadModel.Read(new MemoryStream("ATEM...."u8.ToArray())));
    }
}
