using Attune.Tests.Emotions;
using Attune.Text;
using Microsoft.ML.OnnxRuntime;

namespace Attune.Tests.Text;

public class OnnxLayerPoolingTests
{
    [Fact]
    public void Adds_the_masked_token_sum_of_a_layer_as_an_output()
    {
        // The tiny model's "layer 0" is token embedding + (0.5, 0.5, 0.5, 0.5); the rewrite adds its masked token sum.
        var tiny = new TinyOnnxModel(vocabularySize: 3, labelCount: 1) { LayerBias = [0.5f, 0.5f, 0.5f, 0.5f] };
        float[][] rows = [[0, 0, 0, 0], [1, 2, 3, 4], [10, 20, 30, 40]];
        for (int id = 0; id < rows.Length; id++)
        {
            for (int c = 0; c < TinyOnnxModel.Width; c++)
            {
                tiny.Embedding[id, c] = rows[id][c];
            }
        }

        byte[] model = OnnxLayerPooling.AddOutputs(tiny.ToBytes(), [0], TinyOnnxModel.Width);
        using var session = new InferenceSession(model);
        long[] ids = [1, 2, 0, /* second text */ 2, 2, 1];
        long[] mask = [1, 1, 0, /* second text */ 1, 1, 1];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [2, 3]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [2, 3]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input_ids", "attention_mask"], [idsValue, maskValue], [OnnxLayerPooling.OutputName(0)]);

        // By hand. Text 1 keeps tokens 1 and 2: (1 + 0.5) + (10 + 0.5) = 12, then 23, 34, 45. Text 2 keeps 2, 2, 1:
        // 10 + 10 + 1 + 1.5 = 22.5, then 43.5, 64.5, 85.5.
        Assert.Equal([2L, 1, TinyOnnxModel.Width], outputs[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([12f, 23f, 34f, 45f, 22.5f, 43.5f, 64.5f, 85.5f], outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }

    [Fact]
    public void A_missing_layer_is_refused()
    {
        var tiny = new TinyOnnxModel(vocabularySize: 3, labelCount: 1) { LayerBias = [0f, 0f, 0f, 0f] };
        var missingLayer = Assert.Throws<InvalidDataException>(() => OnnxLayerPooling.AddOutputs(tiny.ToBytes(), [3], TinyOnnxModel.Width));
        Assert.Contains("layer 3", missingLayer.Message, StringComparison.Ordinal);
        var noLayers = new TinyOnnxModel(vocabularySize: 3, labelCount: 1);
        Assert.Throws<InvalidDataException>(() => OnnxLayerPooling.AddOutputs(noLayers.ToBytes(), [0], TinyOnnxModel.Width));
    }

    [Fact]
    public void The_encoder_appends_unit_means_of_its_inner_layers_to_the_sentence_embedding()
    {
        string[] texts = ["I love this movie", "The train was late again, and I am furious about it."];
        float[][] plain = TextEncoder.Shared.Encode(texts);
        float[][] layered = TextEncoder.Shared.Encode(texts, EmbeddingPooling.MeanLayers);
        int parts = 1 + TextEncoder.PooledLayers.Count;
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.Equal(parts * TextEncoder.Dimensions, layered[i].Length);
            Assert.Equal(plain[i], layered[i][..TextEncoder.Dimensions]);
            for (int part = 1; part < parts; part++)
            {
                float[] v = layered[i][(part * TextEncoder.Dimensions)..((part + 1) * TextEncoder.Dimensions)];
                Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 4);
                Assert.True(TextEncoder.Cosine(v, plain[i]) < 0.99, "an inner layer is not the last one");
            }
        }
    }
}
