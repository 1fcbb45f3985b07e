using System.Text;

namespace Attune.Text;

/// <summary>
/// The few pieces of the protobuf wire format that Attune's ONNX rewrites need (<see cref="OnnxWeightQuantizer"/>,
/// <see cref="OnnxLayerPooling"/>): reading a message's top-level fields and writing fields back. ONNX field numbers used:
/// ModelProto 7 = graph, 8 = opset_import; GraphProto 1 = node, 5 = initializer, 11 = input, 12 = output; NodeProto
/// 1 = input, 2 = output, 3 = name, 4 = op_type, 5 = attribute, 7 = domain; TensorProto 1 = dims, 2 = data_type,
/// 8 = name, 9 = raw_data.
/// </summary>
internal static class OnnxProtobuf
{
    /// <summary>TensorProto data type FLOAT.</summary>
    public const int FloatType = 1;

    /// <summary>TensorProto data type UINT8.</summary>
    public const int UInt8Type = 2;

    /// <summary>TensorProto data type INT64.</summary>
    public const int Int64Type = 7;

    /// <summary>A field of a message: its number, wire type, where its body (or, for a varint, its end) lies, and its tag.</summary>
    public readonly record struct Field(int Number, int WireType, int Start, int Length, ulong Value, int TagStart);

    /// <summary>The top-level fields of a message: for length-delimited ones, where the body lies.</summary>
    public static List<Field> Fields(ReadOnlySpan<byte> message)
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

    /// <summary>The dimensions of a TensorProto (field 1, packed or not).</summary>
    public static long[] Dims(ReadOnlySpan<byte> tensor, List<Field> fields)
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

    /// <summary>The name of a ValueInfoProto (field 1).</summary>
    public static string ValueInfoName(ReadOnlySpan<byte> valueInfo)
    {
        foreach (Field x in Fields(valueInfo))
        {
            if (x.Number == 1)
            {
                return ReadString(valueInfo, x);
            }
        }

        return "";
    }

    /// <summary>A NodeProto's operator type and its input and output names.</summary>
    public static (string Op, string[] Inputs, string[] Outputs) Node(ReadOnlySpan<byte> node)
    {
        string op = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        foreach (Field x in Fields(node))
        {
            if (x.Number == 4)
            {
                op = ReadString(node, x);
            }
            else if (x.Number == 1)
            {
                inputs.Add(ReadString(node, x));
            }
            else if (x.Number == 2)
            {
                outputs.Add(ReadString(node, x));
            }
        }

        return (op, [.. inputs], [.. outputs]);
    }

    /// <summary>A length-delimited field read as UTF-8.</summary>
    public static string ReadString(ReadOnlySpan<byte> message, Field field) => Encoding.UTF8.GetString(message.Slice(field.Start, field.Length));

    /// <summary>Reads a varint at <paramref name="p"/> and moves past it.</summary>
    public static ulong ReadVarint(ReadOnlySpan<byte> data, ref int p)
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

    /// <summary>Copies a field, tag included, as it was.</summary>
    public static void Write(Stream output, Field field, ReadOnlySpan<byte> source)
    {
        int end = field.WireType == 0 ? field.Start : field.Start + field.Length;
        output.Write(source[field.TagStart..end]);
    }

    /// <summary>Writes a field tag.</summary>
    public static void WriteTag(Stream output, int number, int wire) => WriteVarint(output, ((ulong)number << 3) | (uint)wire);

    /// <summary>Writes a varint.</summary>
    public static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    /// <summary>Writes a length-delimited field.</summary>
    public static void WriteBytes(Stream output, int number, ReadOnlySpan<byte> body)
    {
        WriteTag(output, number, 2);
        WriteVarint(output, (ulong)body.Length);
        output.Write(body);
    }

    /// <summary>Writes a string field (UTF-8).</summary>
    public static void WriteString(Stream output, int number, string text) => WriteBytes(output, number, Encoding.UTF8.GetBytes(text));

    /// <summary>A TensorProto with raw data.</summary>
    public static byte[] Tensor(string name, int type, long[] dims, byte[] raw)
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

    /// <summary>
    /// The model with its graph (ModelProto field 7) replaced by <paramref name="graph"/>, every other field as it was,
    /// and, when given, one more opset import (field 8) for <paramref name="opsetDomain"/> at version 1.
    /// </summary>
    public static byte[] WithGraph(ReadOnlySpan<byte> model, List<Field> modelFields, MemoryStream graph, string? opsetDomain)
    {
        var rest = new MemoryStream();
        foreach (Field f in modelFields.Where(f => f.Number != 7))
        {
            Write(rest, f, model);
        }

        if (opsetDomain is not null)
        {
            var opset = new MemoryStream();
            WriteString(opset, 1, opsetDomain);
            WriteTag(opset, 2, 0);
            WriteVarint(opset, 1);
            WriteBytes(rest, 8, opset.ToArray());
        }

        var graphHeader = new MemoryStream();
        WriteTag(graphHeader, 7, 2);
        WriteVarint(graphHeader, (ulong)graph.Length);
        var result = new byte[rest.Length + graphHeader.Length + graph.Length];
        rest.GetBuffer().AsSpan(0, (int)rest.Length).CopyTo(result);
        graphHeader.GetBuffer().AsSpan(0, (int)graphHeader.Length).CopyTo(result.AsSpan((int)rest.Length));
        graph.GetBuffer().AsSpan(0, (int)graph.Length).CopyTo(result.AsSpan((int)(rest.Length + graphHeader.Length)));
        return result;
    }

    /// <summary>
    /// A ValueInfoProto for a tensor: <c>{ name = 1, type = 2 { tensor_type = 1 { elem_type = 1, shape = 2 { dim = 1 × n } } } }</c>,
    /// each dimension a size (<c>dim_value</c> = 1) or, given as a string, a symbolic name (<c>dim_param</c> = 2).
    /// </summary>
    public static byte[] ValueInfo(string name, int elementType, object[] dims)
    {
        var shape = new MemoryStream();
        foreach (object size in dims)
        {
            var dim = new MemoryStream();
            if (size is string symbol)
            {
                WriteString(dim, 2, symbol);
            }
            else
            {
                WriteTag(dim, 1, 0);
                WriteVarint(dim, (ulong)Convert.ToInt64(size, System.Globalization.CultureInfo.InvariantCulture));
            }

            WriteBytes(shape, 1, dim.ToArray());
        }

        var tensor = new MemoryStream();
        WriteTag(tensor, 1, 0);
        WriteVarint(tensor, (ulong)elementType);
        WriteBytes(tensor, 2, shape.ToArray());
        var type = new MemoryStream();
        WriteBytes(type, 1, tensor.ToArray());
        var info = new MemoryStream();
        WriteString(info, 1, name);
        WriteBytes(info, 2, type.ToArray());
        return info.ToArray();
    }

    /// <summary>A NodeProto with one output (named after it) and at most one integer attribute.</summary>
    public static byte[] NodeMessage(string op, string[] inputs, string output, (string Name, long Value)? attribute)
    {
        var node = new MemoryStream();
        foreach (string input in inputs)
        {
            WriteString(node, 1, input);
        }

        WriteString(node, 2, output);
        WriteString(node, 3, output + "_node");
        WriteString(node, 4, op);
        if (attribute is { } a)
        {
            // AttributeProto: name = 1, i = 3, type = 20 (INT = 2).
            var body = new MemoryStream();
            WriteString(body, 1, a.Name);
            WriteTag(body, 3, 0);
            WriteVarint(body, (ulong)a.Value);
            WriteTag(body, 20, 0);
            WriteVarint(body, 2);
            WriteBytes(node, 5, body.ToArray());
        }

        return node.ToArray();
    }
}
