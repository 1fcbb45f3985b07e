using System.Buffers.Binary;
using System.Globalization;
using static Attune.Text.OnnxProtobuf;

namespace Attune.Text;

/// <summary>
/// Adds to a BERT-style ONNX model one small graph output per chosen transformer layer: the sum of that layer's token
/// states over the tokens the attention mask keeps (<c>[batch, 1, hidden]</c>), computed inside the graph as
/// <c>MatMul(Reshape(Cast(attention_mask), [0, 1, -1]), layer output)</c>. Only these sums leave the session, never the
/// layer's whole <c>[batch, tokens, hidden]</c> states, so ONNX Runtime keeps reusing their memory as before (exposing the
/// states themselves as outputs cost about 150 MB). A layer's output is found as the output of the node that adds the
/// initializer <c>encoder.layer.{i}.output.LayerNorm.bias</c> (the Hugging Face export's naming).
/// </summary>
internal static class OnnxLayerPooling
{
    private const string MaskInput = "attention_mask";

    /// <summary>The name of the output that holds layer <paramref name="layer"/>'s masked token sum.</summary>
    /// <param name="layer">The layer, 0-based.</param>
    public static string OutputName(int layer) => "attune_layer" + layer.ToString(CultureInfo.InvariantCulture) + "_sum";

    /// <summary>Returns the model with one masked-sum output per layer in <paramref name="layers"/>.</summary>
    /// <param name="model">An ONNX model with an <c>attention_mask</c> input.</param>
    /// <param name="layers">0-based layer indices.</param>
    /// <param name="hidden">The width of a token state.</param>
    /// <exception cref="InvalidDataException">The model has no such layer or no <c>attention_mask</c> input.</exception>
    public static byte[] AddOutputs(ReadOnlySpan<byte> model, IReadOnlyList<int> layers, int hidden)
    {
        var modelFields = Fields(model);
        int graphIndex = modelFields.FindIndex(f => f.Number == 7);
        if (graphIndex < 0)
        {
            throw new InvalidDataException("The ONNX model has no graph.");
        }

        ReadOnlySpan<byte> graph = model.Slice(modelFields[graphIndex].Start, modelFields[graphIndex].Length);
        var graphFields = Fields(graph);
        var layerOutputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var addOutputs = new Dictionary<int, string>(); // an Add node's output, by where the node lies in the graph
        bool hasMask = false;
        foreach (Field f in graphFields)
        {
            ReadOnlySpan<byte> body = graph.Slice(f.Start, f.Length);
            if (f.Number == 1)
            {
                (string op, string[] inputs, string[] outputs) = Node(body);
                if (op == "Add" && inputs.Length == 2 && outputs.Length == 1)
                {
                    layerOutputs[inputs[1]] = outputs[0];
                    addOutputs[f.Start] = outputs[0];
                }
            }
            else if (f.Number == 11 && ValueInfoName(body) == MaskInput)
            {
                hasMask = true;
            }
        }

        if (!hasMask)
        {
            throw new InvalidDataException($"The ONNX model has no '{MaskInput}' input.");
        }

        var pooled = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (int layer in layers)
        {
            string bias = $"encoder.layer.{layer.ToString(CultureInfo.InvariantCulture)}.output.LayerNorm.bias";
            pooled[layerOutputs.TryGetValue(bias, out string? states) ? states : throw new InvalidDataException($"The ONNX model has no layer {layer} (no node adds '{bias}').")] = layer;
        }

        // Each sum is computed right after its layer (nodes keep their order in the file), so that a layer's states are
        // not held until the end of the graph for it.
        const string maskFloat = "attune_mask_float", maskShape = "attune_mask_row_shape", maskRow = "attune_mask_row";
        var graphOut = new MemoryStream(graph.Length + 4096);
        bool maskWritten = false;
        foreach (Field f in graphFields)
        {
            if (f.Number == 1 && !maskWritten)
            {
                WriteBytes(graphOut, 1, NodeMessage("Cast", [MaskInput], maskFloat, ("to", FloatType)));
                WriteBytes(graphOut, 1, NodeMessage("Reshape", [maskFloat, maskShape], maskRow, null));
                maskWritten = true;
            }

            Write(graphOut, f, graph);
            if (f.Number == 1 && addOutputs.TryGetValue(f.Start, out string? output) && pooled.TryGetValue(output, out int layer))
            {
                WriteBytes(graphOut, 1, NodeMessage("MatMul", [maskRow, output], OutputName(layer), null));
            }
        }

        var shape = new byte[3 * sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(shape, 0);
        BinaryPrimitives.WriteInt64LittleEndian(shape.AsSpan(8), 1);
        BinaryPrimitives.WriteInt64LittleEndian(shape.AsSpan(16), -1);
        WriteBytes(graphOut, 5, Tensor(maskShape, Int64Type, [3], shape));
        foreach (int layer in layers)
        {
            WriteBytes(graphOut, 12, ValueInfo(OutputName(layer), FloatType, ["batch", 1, hidden]));
        }

        return WithGraph(model, modelFields, graphOut, opsetDomain: null);
    }
}
