using System.Buffers.Binary;
using System.Text;

namespace Attune.Tests.Emotions;

/// <summary>
/// Writes a tiny ONNX sequence classifier with a hand-written protobuf encoder (no Python, no download):
/// <code>
/// emb    = Gather(embedding [vocab, 4], input_ids)                 [batch, seq, 4]
///        (+ Gather(type_embedding [2, 4], token_type_ids), when asked)
/// pooled = ReduceSum(emb * Unsqueeze(Cast(attention_mask, float), 2), axes 1)   [batch, 4]
/// logits = MatMul(pooled, weights [4, labels]) + bias [labels]    [batch, labels]
/// </code>
/// Inputs are int64 with the symbolic dimensions <c>batch</c> and <c>sequence</c>; ir_version 8, default-domain opset 17.
/// </summary>
internal sealed class TinyOnnxModel
{
    /// <summary>The embedding width.</summary>
    public const int Width = 4;

    private const int FloatType = 1;
    private const int Int64Type = 7;
    private const string LayerBiasName = "encoder.layer.0.output.LayerNorm.bias";

    /// <summary>Creates an empty model over a vocabulary and labels: every weight zero.</summary>
    /// <param name="vocabularySize">The number of token ids.</param>
    /// <param name="labelCount">The number of labels.</param>
    public TinyOnnxModel(int vocabularySize, int labelCount)
    {
        Embedding = new float[vocabularySize, Width];
        Weights = new float[Width, labelCount];
        Bias = new float[labelCount];
    }

    /// <summary>The token embeddings [vocabulary, 4].</summary>
    public float[,] Embedding { get; }

    /// <summary>The classifier weights [4, labels].</summary>
    public float[,] Weights { get; }

    /// <summary>The classifier bias [labels].</summary>
    public float[] Bias { get; }

    /// <summary>The name of the token-id input.</summary>
    public string InputIdsName { get; set; } = "input_ids";

    /// <summary>The name of the output.</summary>
    public string OutputName { get; set; } = "logits";

    /// <summary>
    /// When set, the model also takes <c>token_type_ids</c> and adds these type embeddings [2, 4] to the token embeddings.
    /// </summary>
    public float[,]? TypeEmbedding { get; set; }

    /// <summary>
    /// When set, the token states pass through one "layer" before pooling: <c>Add(tokens, bias)</c>, the bias named
    /// <c>encoder.layer.0.output.LayerNorm.bias</c> as a Hugging Face BERT export names a layer's last addition.
    /// </summary>
    public float[]? LayerBias { get; set; }

    /// <summary>The serialized ModelProto.</summary>
    /// <returns>The bytes of a <c>model.onnx</c>.</returns>
    public byte[] ToBytes()
    {
        int labels = Bias.Length;
        var graph = new Proto();
        string tokens = "tokens";
        graph.Message(1, Node("Gather", [ "embedding", InputIdsName ], [ "token_embeddings" ]));
        if (TypeEmbedding is not null)
        {
            graph.Message(1, Node("Gather", [ "type_embedding", "token_type_ids" ], [ "type_embeddings" ]));
            graph.Message(1, Node("Add", [ "token_embeddings", "type_embeddings" ], [ tokens ]));
        }
        else
        {
            tokens = "token_embeddings";
        }

        if (LayerBias is not null)
        {
            graph.Message(1, Node("Add", [ tokens, LayerBiasName ], [ "layer_0" ]));
            tokens = "layer_0";
        }

        graph.Message(1, Node("Cast", [ "attention_mask" ], [ "mask_float" ], IntAttribute("to", FloatType)));
        graph.Message(1, Node("Unsqueeze", [ "mask_float", "axis_two" ], [ "mask_3d" ]));
        graph.Message(1, Node("Mul", [ tokens, "mask_3d" ], [ "masked" ]));
        graph.Message(1, Node("ReduceSum", [ "masked", "axis_one" ], [ "pooled" ], IntAttribute("keepdims", 0)));
        graph.Message(1, Node("MatMul", [ "pooled", "weights" ], [ "projected" ]));
        graph.Message(1, Node("Add", [ "projected", "bias" ], [ OutputName ]));
        graph.String(2, "tiny_classifier");
        graph.Message(5, FloatTensor("embedding", Embedding));
        graph.Message(5, FloatTensor("weights", Weights));
        graph.Message(5, FloatTensor("bias", Bias));
        graph.Message(5, Int64Tensor("axis_one", [1]));
        graph.Message(5, Int64Tensor("axis_two", [2]));
        if (TypeEmbedding is not null)
        {
            graph.Message(5, FloatTensor("type_embedding", TypeEmbedding));
        }

        if (LayerBias is not null)
        {
            graph.Message(5, FloatTensor(LayerBiasName, LayerBias));
        }

        graph.Message(11, ValueInfo(InputIdsName, Int64Type, Symbolic("batch"), Symbolic("sequence")));
        graph.Message(11, ValueInfo("attention_mask", Int64Type, Symbolic("batch"), Symbolic("sequence")));
        if (TypeEmbedding is not null)
        {
            graph.Message(11, ValueInfo("token_type_ids", Int64Type, Symbolic("batch"), Symbolic("sequence")));
        }

        graph.Message(12, ValueInfo(OutputName, FloatType, Symbolic("batch"), Fixed(labels)));

        var opset = new Proto();
        opset.String(1, "");
        opset.Varint(2, 17);

        var model = new Proto();
        model.Varint(1, 8); // ir_version
        model.String(2, "attune-tests"); // producer_name
        model.Message(7, graph);
        model.Message(8, opset); // opset_import
        return model.ToArray();
    }

    /// <summary>Writes the model to a file.</summary>
    /// <param name="path">The file path.</param>
    public void Save(string path) => File.WriteAllBytes(path, ToBytes());

    private static Proto Node(string opType, string[] inputs, string[] outputs, Proto? attribute = null)
    {
        var node = new Proto();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }

        foreach (string output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, $"{opType}_{outputs[0]}");
        node.String(4, opType);
        if (attribute is not null)
        {
            node.Message(5, attribute);
        }

        return node;
    }

    private static Proto IntAttribute(string name, long value)
    {
        var attribute = new Proto();
        attribute.String(1, name);
        attribute.Varint(3, value); // i
        attribute.Varint(20, 2); // type = INT
        return attribute;
    }

    private static Proto FloatTensor(string name, float[,] values)
    {
        var raw = new byte[values.Length * 4];
        int k = 0;
        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * k++), value);
        }

        return Tensor(name, FloatType, [values.GetLength(0), values.GetLength(1)], raw);
    }

    private static Proto FloatTensor(string name, float[] values)
    {
        var raw = new byte[values.Length * 4];
        for (int k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * k), values[k]);
        }

        return Tensor(name, FloatType, [values.Length], raw);
    }

    private static Proto Int64Tensor(string name, long[] values)
    {
        var raw = new byte[values.Length * 8];
        for (int k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(8 * k), values[k]);
        }

        return Tensor(name, Int64Type, [values.Length], raw);
    }

    private static Proto Tensor(string name, int dataType, long[] dims, byte[] raw)
    {
        var tensor = new Proto();
        foreach (long dim in dims)
        {
            tensor.Varint(1, dim); // dims
        }

        tensor.Varint(2, dataType);
        tensor.String(8, name);
        tensor.Bytes(9, raw); // raw_data, little-endian
        return tensor;
    }

    private static Proto ValueInfo(string name, int elementType, params Proto[] dims)
    {
        var shape = new Proto();
        foreach (Proto dim in dims)
        {
            shape.Message(1, dim);
        }

        var tensorType = new Proto();
        tensorType.Varint(1, elementType);
        tensorType.Message(2, shape);

        var type = new Proto();
        type.Message(1, tensorType); // tensor_type

        var info = new Proto();
        info.String(1, name);
        info.Message(2, type);
        return info;
    }

    private static Proto Symbolic(string name)
    {
        var dim = new Proto();
        dim.String(2, name); // dim_param
        return dim;
    }

    private static Proto Fixed(long size)
    {
        var dim = new Proto();
        dim.Varint(1, size); // dim_value
        return dim;
    }

    /// <summary>A minimal protobuf message writer: varint and length-delimited fields.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream _buffer = new();

        public void Varint(int field, long value)
        {
            Tag(field, 0);
            WriteVarint((ulong)value);
        }

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public void Bytes(int field, byte[] value)
        {
            Tag(field, 2);
            WriteVarint((ulong)value.Length);
            _buffer.Write(value);
        }

        public void Message(int field, Proto message) => Bytes(field, message.ToArray());

        public byte[] ToArray() => _buffer.ToArray();

        private void Tag(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

        private void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _buffer.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _buffer.WriteByte((byte)value);
        }
    }
}
