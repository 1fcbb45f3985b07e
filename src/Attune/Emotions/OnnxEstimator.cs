using Attune.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Attune.Emotions;

/// <summary>
/// An emotion estimator that runs a sequence classifier exported to ONNX in the Hugging Face layout: a folder with
/// <c>model.onnx</c>, <c>config.json</c> (<c>id2label</c>, <c>problem_type</c>, optionally <c>max_position_embeddings</c>)
/// and a tokenizer (<c>tokenizer.json</c>, <c>vocab.txt</c>, or <c>vocab.json</c> with <c>merges.txt</c>).
/// Runs in process on the CPU with ONNX Runtime; thread-safe; dispose it to free the model.
/// </summary>
/// <remarks>
/// <para>
/// The model takes <c>input_ids</c> and, when it declares them, <c>attention_mask</c> and <c>token_type_ids</c> (all
/// zeros), each <c>[batch, sequence]</c>, and returns <c>logits</c> <c>[batch, labels]</c>. Texts run in batches of
/// <see cref="BatchSize"/>, padded to the longest sequence of the batch. Texts longer than <see cref="MaxTokens"/>
/// tokens (special tokens included) are truncated: only their first tokens are read. An empty text is still run, as the
/// sequence of special tokens alone (e.g. <c>[CLS] [SEP]</c>).
/// </para>
/// <para>
/// A <c>multi_label_classification</c> model scores each label with a sigmoid and decides every label scoring at
/// least <see cref="MultiLabelThreshold"/>; any other model (<c>single_label_classification</c>, or no
/// <c>problem_type</c>) scores with a softmax and decides the single highest-scoring label.
/// </para>
/// <para>
/// When the model's labels are the 28 GoEmotions labels (in any order and letter case), the scores are over
/// <see cref="Taxonomy.GoEmotions"/>; otherwise over a taxonomy named after the folder with the model's labels in id order.
/// </para>
/// </remarks>
public sealed class OnnxEstimator : IEmotionEstimator, IDisposable
{
    /// <summary>The model file of an exported classifier folder.</summary>
    public const string ModelFile = "model.onnx";

    /// <summary>The configuration file of an exported classifier folder.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>The score a label of a multi-label model must reach to be decided.</summary>
    public const double MultiLabelThreshold = 0.5;

    private const string InputIdsName = "input_ids";
    private const string AttentionMaskName = "attention_mask";
    private const string TokenTypeIdsName = "token_type_ids";
    private const string LogitsName = "logits";

    private static readonly string[] OutputNames = [LogitsName];

    private readonly InferenceSession _session;
    private readonly SequenceEncoder _encoder;
    private readonly string _modelPath;
    private readonly string[] _inputNames;
    private readonly TensorElementType[] _inputTypes;
    private readonly TensorElementType _logitsType;
    private readonly int[] _taxonomyIndexByOutput;
    private readonly long _padId;
    private readonly ReaderWriterLockSlim _lifetime = new(LockRecursionPolicy.NoRecursion);
    private bool _disposed;

    private OnnxEstimator(
        string directory,
        InferenceSession session,
        SequenceEncoder encoder,
        ClassifierConfig config,
        int batchSize,
        int maxTokens)
    {
        Directory = directory;
        _session = session;
        _encoder = encoder;
        _modelPath = Path.Combine(directory, ModelFile);
        BatchSize = batchSize;
        MaxTokens = maxTokens;
        IsMultiLabel = config.MultiLabel;
        ModelLabels = config.Labels;
        _padId = config.PadTokenId ?? encoder.PadId ?? 0;

        IReadOnlyDictionary<string, NodeMetadata> inputs = session.InputMetadata;
        string configPath = Path.Combine(directory, ConfigFile);
        if (!inputs.ContainsKey(InputIdsName))
        {
            throw new InputException($"{_modelPath}: the model has no '{InputIdsName}' input (its inputs: {string.Join(", ", inputs.Keys)}).");
        }

        _inputNames = inputs.Keys.ToArray();
        _inputTypes = new TensorElementType[_inputNames.Length];
        for (int i = 0; i < _inputNames.Length; i++)
        {
            string name = _inputNames[i];
            if (name is not (InputIdsName or AttentionMaskName or TokenTypeIdsName))
            {
                throw new InputException(
                    $"{_modelPath}: the model needs an input '{name}', but only {InputIdsName}, {AttentionMaskName} and {TokenTypeIdsName} can be fed.");
            }

            NodeMetadata input = inputs[name];
            if (!input.IsTensor || input.ElementDataType is not (TensorElementType.Int64 or TensorElementType.Int32) || input.Dimensions.Length != 2)
            {
                throw new InputException($"{_modelPath}: input '{name}' must be an int64 (or int32) tensor [batch, sequence].");
            }

            _inputTypes[i] = input.ElementDataType;
        }

        if (!session.OutputMetadata.TryGetValue(LogitsName, out NodeMetadata? logits))
        {
            throw new InputException(
                $"{_modelPath}: the model has no '{LogitsName}' output (its outputs: {string.Join(", ", session.OutputMetadata.Keys)}).");
        }

        if (!logits.IsTensor || logits.ElementDataType is not (TensorElementType.Float or TensorElementType.Double or TensorElementType.Float16)
            || logits.Dimensions.Length != 2)
        {
            throw new InputException($"{_modelPath}: output '{LogitsName}' must be a float tensor [batch, labels].");
        }

        if (logits.Dimensions[1] > 0 && logits.Dimensions[1] != config.Labels.Count)
        {
            throw new InputException(
                $"{_modelPath}: output '{LogitsName}' has {logits.Dimensions[1]} labels, but {configPath} names {config.Labels.Count} in id2label.");
        }

        _logitsType = logits.ElementDataType;
        (Taxonomy, _taxonomyIndexByOutput) = ResolveTaxonomy(directory, config.Labels);
    }

    /// <summary>The full path of the model folder.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public Taxonomy Taxonomy { get; }

    /// <summary>The model's label names in id order, as <c>id2label</c> gives them.</summary>
    public IReadOnlyList<string> ModelLabels { get; }

    /// <summary>
    /// The maximum number of tokens of one text, special tokens included. Longer texts are truncated: only their first
    /// tokens are read.
    /// </summary>
    public int MaxTokens { get; }

    /// <summary>How many texts go through the model in one run.</summary>
    public int BatchSize { get; }

    /// <summary>
    /// True for a <c>multi_label_classification</c> model (sigmoid per label, decided at <see cref="MultiLabelThreshold"/>);
    /// false for a single-label model (softmax, the highest label decided).
    /// </summary>
    public bool IsMultiLabel { get; }

    /// <summary>Which tokenizer file was loaded and its kind, e.g. <c>tokenizer.json (WordPiece, lower-cased)</c>.</summary>
    public string TokenizerDescription => _encoder.Description;

    /// <summary>Loads the classifier in a folder.</summary>
    /// <param name="directory">The folder holding <c>model.onnx</c>, <c>config.json</c> and a tokenizer file.</param>
    /// <param name="batchSize">How many texts go through the model in one run; at least 1.</param>
    /// <returns>The estimator; dispose it when done.</returns>
    /// <exception cref="InputException">A file is missing, malformed or unsupported; the message names the file.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    public static OnnxEstimator Load(string directory, int batchSize = OnnxEstimatorOptions.DefaultBatchSize) =>
        Load(directory, new OnnxEstimatorOptions { BatchSize = batchSize });

    /// <summary>Loads the classifier in a folder.</summary>
    /// <param name="directory">The folder holding <c>model.onnx</c>, <c>config.json</c> and a tokenizer file.</param>
    /// <param name="options">The batch size and token limit.</param>
    /// <returns>The estimator; dispose it when done.</returns>
    /// <exception cref="InputException">A file is missing, malformed or unsupported; the message names the file.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is less than 1, or the token limit leaves no room for text.</exception>
    public static OnnxEstimator Load(string directory, OnnxEstimatorOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
        string fullPath = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(fullPath))
        {
            throw new InputException($"{fullPath}: folder not found (expected a folder with {ModelFile}, {ConfigFile} and a tokenizer).");
        }

        string modelPath = Path.Combine(fullPath, ModelFile);
        if (!File.Exists(modelPath))
        {
            throw new InputException($"{modelPath}: file not found (an ONNX classifier folder needs {ModelFile}, {ConfigFile} and a tokenizer).");
        }

        ClassifierConfig config = ClassifierConfig.Read(Path.Combine(fullPath, ConfigFile));
        SequenceEncoder encoder = SequenceEncoder.Load(fullPath);
        int maxTokens = options.MaxTokens ?? Math.Min(config.MaxPositionEmbeddings ?? OnnxEstimatorOptions.DefaultMaxTokens, OnnxEstimatorOptions.DefaultMaxTokens);
        if (maxTokens <= encoder.SpecialTokenCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), maxTokens, $"MaxTokens must exceed the {encoder.SpecialTokenCount} special tokens of every sequence.");
        }

        InferenceSession session = CreateSession(modelPath);
        try
        {
            return new OnnxEstimator(fullPath, session, encoder, config, options.BatchSize, maxTokens);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Estimates the emotions of a batch of texts, <see cref="BatchSize"/> at a time, on the calling thread.</summary>
    /// <param name="texts">The texts; none may be null (an empty string is allowed). Texts longer than <see cref="MaxTokens"/> tokens are truncated.</param>
    /// <param name="cancellationToken">Checked between batches, and stops a batch under way.</param>
    /// <returns>A completed task with one result per text, in order.</returns>
    /// <exception cref="ArgumentException">A text is null.</exception>
    /// <exception cref="ObjectDisposedException">The estimator was disposed.</exception>
    public Task<IReadOnlyList<EmotionScores>> EstimateAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<EmotionScores>>(cancellationToken);
        }

        try
        {
            var results = new EmotionScores[texts.Count];
            for (int start = 0; start < results.Length; start += BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sequences = new int[Math.Min(BatchSize, results.Length - start)][];
                for (int i = 0; i < sequences.Length; i++)
                {
                    string text = texts[start + i] ?? throw new ArgumentException($"Text {start + i} is null.", nameof(texts));
                    sequences[i] = _encoder.Encode(text, MaxTokens);
                }

                Run(sequences, results.AsSpan(start, sequences.Length), cancellationToken);
            }

            return Task.FromResult<IReadOnlyList<EmotionScores>>(results);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<EmotionScores>>(cancellationToken);
        }
    }

    /// <summary>Frees the ONNX Runtime session; waits for estimates under way to finish.</summary>
    public void Dispose()
    {
        _lifetime.EnterWriteLock();
        try
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
            _session.Dispose();
        }
        finally
        {
            _lifetime.ExitWriteLock();
        }
    }

    /// <summary>The token ids one text is fed to the model as, special tokens included and truncated to <see cref="MaxTokens"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The token ids.</returns>
    internal int[] Encode(string text) => _encoder.Encode(text, MaxTokens);

    private static InferenceSession CreateSession(string modelPath)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        try
        {
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InputException($"{modelPath}: ONNX Runtime cannot load the model ({TextLines.OneLine(e.Message)}).", e);
        }
    }

    private static (Taxonomy Taxonomy, int[] IndexByOutput) ResolveTaxonomy(string directory, IReadOnlyList<string> labels)
    {
        Taxonomy goEmotions = Taxonomy.GoEmotions;
        if (labels.Count == goEmotions.Count)
        {
            int[] map = labels.Select(l => goEmotions.IndexOf(l.Trim().ToLowerInvariant())).ToArray();
            if (map.All(i => i >= 0) && map.Distinct().Count() == goEmotions.Count)
            {
                return (goEmotions, map);
            }
        }

        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        return (new Taxonomy(string.IsNullOrWhiteSpace(name) ? "onnx" : name, labels), Enumerable.Range(0, labels.Count).ToArray());
    }

    private void Run(int[][] sequences, Span<EmotionScores> results, CancellationToken cancellationToken)
    {
        int batch = sequences.Length;
        int length = Math.Max(1, sequences.Max(s => s.Length));
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        Array.Fill(ids, _padId);
        for (int b = 0; b < batch; b++)
        {
            int[] sequence = sequences[b];
            for (int t = 0; t < sequence.Length; t++)
            {
                ids[(b * length) + t] = sequence[t];
                mask[(b * length) + t] = 1;
            }
        }

        long[] shape = [batch, length];
        var values = new List<OrtValue>(_inputNames.Length);
        _lifetime.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            for (int i = 0; i < _inputNames.Length; i++)
            {
                long[] data = _inputNames[i] switch
                {
                    InputIdsName => ids,
                    AttentionMaskName => mask,
                    _ => new long[batch * length],
                };
                values.Add(_inputTypes[i] == TensorElementType.Int32
                    ? OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(data, v => (int)v), shape)
                    : OrtValue.CreateTensorValueFromMemory(data, shape));
            }

            using var runOptions = new RunOptions();
            using CancellationTokenRegistration registration = cancellationToken.Register(
                static state => ((RunOptions)state!).Terminate = true, runOptions);
            IDisposableReadOnlyCollection<OrtValue> outputs;
            try
            {
                outputs = _session.Run(runOptions, _inputNames, values, OutputNames);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            using (outputs)
            {
                Score(outputs[0], batch, results);
            }
        }
        finally
        {
            _lifetime.ExitReadLock();
            foreach (OrtValue value in values)
            {
                value.Dispose();
            }
        }
    }

    private void Score(OrtValue output, int batch, Span<EmotionScores> results)
    {
        int labels = ModelLabels.Count;
        long[] shape = output.GetTensorTypeAndShape().Shape;
        if (shape.Length != 2 || shape[0] != batch || shape[1] != labels)
        {
            throw new InvalidOperationException(
                $"{_modelPath}: output '{LogitsName}' has shape [{string.Join(", ", shape)}], expected [{batch}, {labels}].");
        }

        var logits = new double[batch * labels];
        switch (_logitsType)
        {
            case TensorElementType.Double:
                output.GetTensorDataAsSpan<double>().CopyTo(logits);
                break;
            case TensorElementType.Float16:
                ReadOnlySpan<Float16> halves = output.GetTensorDataAsSpan<Float16>();
                for (int i = 0; i < logits.Length; i++)
                {
                    logits[i] = (float)halves[i];
                }

                break;
            default:
                ReadOnlySpan<float> floats = output.GetTensorDataAsSpan<float>();
                for (int i = 0; i < logits.Length; i++)
                {
                    logits[i] = floats[i];
                }

                break;
        }

        for (int b = 0; b < batch; b++)
        {
            results[b] = Score(logits.AsSpan(b * labels, labels));
        }
    }

    private EmotionScores Score(ReadOnlySpan<double> logits)
    {
        foreach (double logit in logits)
        {
            if (!double.IsFinite(logit))
            {
                throw new InvalidOperationException($"{_modelPath}: the model returned a logit of {logit}.");
            }
        }

        var scores = new double[Taxonomy.Count];
        var decided = new List<string>(4);
        if (IsMultiLabel)
        {
            for (int i = 0; i < logits.Length; i++)
            {
                double score = 1.0 / (1.0 + Math.Exp(-logits[i]));
                int k = _taxonomyIndexByOutput[i];
                scores[k] = score;
                if (score >= MultiLabelThreshold)
                {
                    decided.Add(Taxonomy.Labels[k]);
                }
            }
        }
        else
        {
            int best = 0;
            for (int i = 1; i < logits.Length; i++)
            {
                if (logits[i] > logits[best])
                {
                    best = i;
                }
            }

            double max = logits[best];
            double sum = 0;
            foreach (double logit in logits)
            {
                sum += Math.Exp(logit - max);
            }

            for (int i = 0; i < logits.Length; i++)
            {
                scores[_taxonomyIndexByOutput[i]] = Math.Exp(logits[i] - max) / sum;
            }

            decided.Add(Taxonomy.Labels[_taxonomyIndexByOutput[best]]);
        }

        return new EmotionScores(Taxonomy, scores, decided);
    }
}
