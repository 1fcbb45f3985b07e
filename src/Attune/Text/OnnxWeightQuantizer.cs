using System.Buffers.Binary;
using static Attune.Text.OnnxProtobuf;

namespace Attune.Text;

/// <summary>
/// Rewrites an ONNX model so that every <c>MatMul</c> whose second input is a float32 matrix initializer runs as ONNX
/// Runtime's <c>com.microsoft.DynamicQuantizeMatMul</c>: the weights stored as unsigned 8-bit integers per column (scale
/// per column, zero point 128), the activations quantized on the fly. This is ONNX Runtime's own dynamic quantization
/// (what its Python tool does with per-channel uint8 weights), done here at load time because only the float model ships.
/// Everything else in the model is copied byte for byte.
/// </summary>
/// <remarks>
/// Works on the protobuf wire format directly (<see cref="OnnxProtobuf"/>). Initializers without raw_data are left alone.
/// </remarks>
internal static class OnnxWeightQuantizer
{
    /// <summary>Returns the rewritten model, and how many MatMuls were quantized.</summary>
    public static (byte[] Model, int Quantized) Quantize(ReadOnlySpan<byte> model)
    {
        var modelFields = Fields(model);
        int graphIndex = modelFields.FindIndex(f => f.Number == 7);
        if (graphIndex < 0)
        {
            return (model.ToArray(), 0);
        }

        ReadOnlySpan<byte> graph = model.Slice(modelFields[graphIndex].Start, modelFields[graphIndex].Length);
        var graphFields = Fields(graph);

        // Float matrices stored as raw data, by name.
        var matrices = new Dictionary<string, (int Rows, int Columns)>(StringComparer.Ordinal);
        foreach (Field f in graphFields.Where(f => f.Number == 5))
        {
            ReadOnlySpan<byte> tensor = graph.Slice(f.Start, f.Length);
            var t = Fields(tensor);
            long[] dims = Dims(tensor, t);
            if (t.Any(x => x.Number == 9) && t.FirstOrDefault(x => x.Number == 2).Value == FloatType && dims.Length == 2)
            {
                matrices[ReadString(tensor, t.First(x => x.Number == 8))] = ((int)dims[0], (int)dims[1]);
            }
        }

        // Matrices used only as the weights of MatMuls (an initializer that anything else reads is left as it is).
        var quantize = new HashSet<string>(StringComparer.Ordinal);
        var otherUses = new HashSet<string>(StringComparer.Ordinal);
        foreach (Field f in graphFields.Where(f => f.Number == 1))
        {
            ReadOnlySpan<byte> body = graph.Slice(f.Start, f.Length);
            (string op, string[] inputs, _) = Node(body);
            for (int i = 0; i < inputs.Length; i++)
            {
                if (op == "MatMul" && i == 1 && inputs.Length == 2 && matrices.ContainsKey(inputs[1]))
                {
                    quantize.Add(inputs[1]);
                }
                else
                {
                    otherUses.Add(inputs[i]);
                }
            }
        }

        quantize.ExceptWith(otherUses);
        foreach (Field f in graphFields)
        {
            if (f.Number == 12)
            {
                quantize.Remove(ValueInfoName(graph.Slice(f.Start, f.Length)));
            }
        }

        var graphOut = new MemoryStream(graph.Length * 3 / 4);
        foreach (Field f in graphFields)
        {
            ReadOnlySpan<byte> body = graph.Slice(f.Start, f.Length);
            if (f.Number == 1)
            {
                var n = Fields(body);
                (string op, string[] inputs, _) = Node(body);
                if (op == "MatMul" && inputs.Length == 2 && quantize.Contains(inputs[1]))
                {
                    var node = new MemoryStream();
                    WriteString(node, 1, inputs[0]);
                    WriteString(node, 1, inputs[1] + "_quantized");
                    WriteString(node, 1, inputs[1] + "_scale");
                    WriteString(node, 1, inputs[1] + "_zero_point");
                    foreach (Field x in n)
                    {
                        if (x.Number is 2 or 3)
                        {
                            WriteBytes(node, x.Number, body.Slice(x.Start, x.Length));
                        }
                    }

                    WriteString(node, 4, "DynamicQuantizeMatMul");
                    WriteString(node, 7, "com.microsoft");
                    WriteBytes(graphOut, 1, node.ToArray());
                    continue;
                }
            }

            if (f.Number == 5)
            {
                var t = Fields(body);
                string name = ReadString(body, t.First(x => x.Number == 8));
                if (quantize.Contains(name) && matrices.TryGetValue(name, out var shape))
                {
                    Field raw = t.First(x => x.Number == 9);
                    WriteQuantized(graphOut, name, body.Slice(raw.Start, raw.Length), shape.Rows, shape.Columns);
                    continue;
                }
            }

            Write(graphOut, f, graph);
        }

        // Every other field of the model as it was, then the new graph and the contrib-operator opset.
        byte[] result = WithGraph(model, modelFields, graphOut, "com.microsoft");
        return (result, quantize.Count);
    }

    private static void WriteQuantized(Stream output, string name, ReadOnlySpan<byte> raw, int rows, int columns)
    {
        var scales = new float[columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                scales[c] = Math.Max(scales[c], Math.Abs(BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(((r * columns) + c) * 4, 4))));
            }
        }

        for (int c = 0; c < columns; c++)
        {
            scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        }

        var quantized = new byte[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                float w = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(((r * columns) + c) * 4, 4));
                quantized[(r * columns) + c] = (byte)(128 + Math.Clamp((int)MathF.Round(w / scales[c], MidpointRounding.ToEven), -127, 127));
            }
        }

        var scaleBytes = new byte[columns * 4];
        for (int c = 0; c < columns; c++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(scaleBytes.AsSpan(c * 4), scales[c]);
        }

        WriteBytes(output, 5, Tensor(name + "_quantized", UInt8Type, [rows, columns], quantized));
        WriteBytes(output, 5, Tensor(name + "_scale", FloatType, [columns], scaleBytes));
        WriteBytes(output, 5, Tensor(name + "_zero_point", UInt8Type, [columns], Enumerable.Repeat((byte)128, columns).ToArray()));
    }
}
