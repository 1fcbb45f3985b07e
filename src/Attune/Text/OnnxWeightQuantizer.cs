using System.Buffers.Binary;
using System.Text;

namespace Attune.Text;

/// <summary>
/// Rewrites an ONNX model so that every <c>MatMul</c> whose second input is a float32 matrix initializer runs as ONNX
/// Runtime's <c>com.microsoft.DynamicQuantizeMatMul</c>: the weights stored as unsigned 8-bit integers per column (scale
/// per column, zero point 128), the activations quantized on the fly. This is ONNX Runtime's own dynamic quantization
/// (what its Python tool does with per-channel uint8 weights), done here at load time because only the float model ships.
/// Everything else in the model is copied byte for byte.
/// </summary>
/// <remarks>
/// Works on the protobuf wire format directly (ModelProto field 7 = graph, 8 = opset_import; GraphProto 1 = node,
/// 5 = initializer; NodeProto 1 = input, 2 = output, 3 = name, 4 = op_type, 7 = domain; TensorProto 1 = dims,
/// 2 = data_type, 8 = name, 9 = raw_data). Initializers without raw_data are left alone.
/// </remarks>
internal static class OnnxWeightQuantizer
{
    private const int FloatType = 1;
    private const int UInt8Type = 2;

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
                matrices[Text(tensor, t.First(x => x.Number == 8))] = ((int)dims[0], (int)dims[1]);
            }
        }

        // Matrices used only as the weights of MatMuls (an initializer that anything else reads is left as it is).
        var quantize = new HashSet<string>(StringComparer.Ordinal);
        var otherUses = new HashSet<string>(StringComparer.Ordinal);
        foreach (Field f in graphFields.Where(f => f.Number == 1))
        {
            ReadOnlySpan<byte> body = graph.Slice(f.Start, f.Length);
            (string op, string[] inputs) = Node(body);
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
                quantize.Remove(OutputName(graph.Slice(f.Start, f.Length)));
            }
        }

        var graphOut = new MemoryStream(graph.Length * 3 / 4);
        foreach (Field f in graphFields)
        {
            ReadOnlySpan<byte> body = graph.Slice(f.Start, f.Length);
            if (f.Number == 1)
            {
                var n = Fields(body);
                (string op, string[] inputs) = Node(body);
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
                string name = Text(body, t.First(x => x.Number == 8));
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
        var rest = new MemoryStream();
        foreach (Field f in modelFields.Where(f => f.Number != 7))
        {
            Write(rest, f, model);
        }

        var opset = new MemoryStream();
        WriteString(opset, 1, "com.microsoft");
        WriteTag(opset, 2, 0);
        WriteVarint(opset, 1);
        WriteBytes(rest, 8, opset.ToArray());
        var graphHeader = new MemoryStream();
        WriteTag(graphHeader, 7, 2);
        WriteVarint(graphHeader, (ulong)graphOut.Length);
        var result = new byte[rest.Length + graphHeader.Length + graphOut.Length];
        rest.GetBuffer().AsSpan(0, (int)rest.Length).CopyTo(result);
        graphHeader.GetBuffer().AsSpan(0, (int)graphHeader.Length).CopyTo(result.AsSpan((int)rest.Length));
        graphOut.GetBuffer().AsSpan(0, (int)graphOut.Length).CopyTo(result.AsSpan((int)(rest.Length + graphHeader.Length)));
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

    private static byte[] Tensor(string name, int type, long[] dims, byte[] raw)
    {
        var t = new MemoryStream();
        foreach (long d in dims)
        {
            WriteTag(t, 1, 0);
            WriteVarint(t, (ulong)d);
        }

        WriteTag(t, 2, 0);
        WriteVarint(t, (ulong)type);
        WriteString(t, 8, name);
        WriteBytes(t, 9, raw);
        return t.ToArray();
    }

    private readonly record struct Field(int Number, int WireType, int Start, int Length, ulong Value, int TagStart);

    /// <summary>The top-level fields of a message: for length-delimited ones, where the body lies.</summary>
    private static List<Field> Fields(ReadOnlySpan<byte> message)
    {
        var fields = new List<Field>();
        int p = 0;
        while (p < message.Length)
        {
            int tagStart = p;
            ulong tag = ReadVarint(message, ref p);
            int number = (int)(tag >> 3), wire = (int)(tag & 7);
            switch (wire)
            {
                case 0:
                    ulong v = ReadVarint(message, ref p);
                    fields.Add(new Field(number, wire, p, 0, v, tagStart));
                    break;
                case 1:
                    fields.Add(new Field(number, wire, p, 8, 0, tagStart));
                    p += 8;
                    break;
                case 2:
                    int length = checked((int)ReadVarint(message, ref p));
                    fields.Add(new Field(number, wire, p, length, 0, tagStart));
                    p += length;
                    break;
                case 5:
                    fields.Add(new Field(number, wire, p, 4, 0, tagStart));
                    p += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wire} in the ONNX model.");
            }
        }

        return fields;
    }

    private static long[] Dims(ReadOnlySpan<byte> tensor, List<Field> fields)
    {
        var dims = new List<long>();
        foreach (Field f in fields.Where(f => f.Number == 1))
        {
            if (f.WireType == 0)
            {
                dims.Add((long)f.Value);
                continue;
            }

            ReadOnlySpan<byte> packed = tensor.Slice(f.Start, f.Length);
            int p = 0;
            while (p < packed.Length)
            {
                dims.Add((long)ReadVarint(packed, ref p));
            }
        }

        return [.. dims];
    }

    private static string OutputName(ReadOnlySpan<byte> valueInfo)
    {
        foreach (Field x in Fields(valueInfo))
        {
            if (x.Number == 1)
            {
                return Text(valueInfo, x);
            }
        }

        return "";
    }

    private static (string Op, string[] Inputs) Node(ReadOnlySpan<byte> node)
    {
        string op = "";
        var inputs = new List<string>();
        foreach (Field x in Fields(node))
        {
            if (x.Number == 4)
            {
                op = Text(node, x);
            }
            else if (x.Number == 1)
            {
                inputs.Add(Text(node, x));
            }
        }

        return (op, [.. inputs]);
    }

    private static string Text(ReadOnlySpan<byte> message, Field field) => Encoding.UTF8.GetString(message.Slice(field.Start, field.Length));

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int p)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[p++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("Malformed varint in the ONNX model.");
    }

    private static void Write(Stream output, Field field, ReadOnlySpan<byte> source)
    {
        int end = field.WireType == 0 ? field.Start : field.Start + field.Length;
        output.Write(source[field.TagStart..end]);
    }

    private static void WriteTag(Stream output, int number, int wire) => WriteVarint(output, ((ulong)number << 3) | (uint)wire);

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    private static void WriteBytes(Stream output, int number, ReadOnlySpan<byte> body)
    {
        WriteTag(output, number, 2);
        WriteVarint(output, (ulong)body.Length);
        output.Write(body);
    }

    private static void WriteString(Stream output, int number, string text) => WriteBytes(output, number, Encoding.UTF8.GetBytes(text));
}
