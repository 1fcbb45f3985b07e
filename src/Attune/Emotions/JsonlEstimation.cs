using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Threading.Channels;

namespace Attune.Emotions;

/// <summary>
/// Streaming estimation for data engines (Spark's <c>rdd.pipe</c>, Ray, Hadoop streaming): reads UTF-8 lines, each plain
/// text or a JSON object <c>{"id": …, "text": …}</c>, and writes one JSON object per line in the same order
/// (<c>{"id", "text", "labels", "scores"}</c>, the id as given), flushing after every batch. A batch ends when it is
/// full or when no more input is waiting, so a slow producer gets its answers at once. Input is read, and finished
/// batches written, on threads of their own, so that a pipe that is momentarily empty or full does not stop estimation.
/// Memory stays flat: a few chunks of input and a few batches of output are held at a time.
/// </summary>
/// <remarks>
/// Lines end at <c>\n</c> only (one trailing <c>\r</c> is dropped), as Hadoop streaming and Spark's <c>pipe</c> split
/// them, so a stray carriage return inside a text never splits one input line into two answers. Bytes that are not
/// UTF-8 are read as U+FFFD. The work is done on UTF-8 bytes: a line is parsed, estimated and written without becoming
/// a string (the built-in estimator), which keeps the pipe close to the in-process rate.
/// </remarks>
public static class JsonlEstimation
{
    private const int ChunkSize = 1 << 16;
    private const int InputChunks = 4;
    private const int OutputBuffers = 3;
    private const int MaxFastLabels = 64; // taxonomies up to this size take the scores writer's fast path

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    // every score in [0, 1] rounded to four decimals, as its shortest round-trip text ("0", "1", "0.25", "0.0031"): the
    // bytes of k / 10000 at k × 8, padded to eight bytes, the length in the table beside it
    private static readonly byte[] FixedText = BuildFixedText(out FixedLength);
    private static readonly byte[] FixedLength;

    /// <summary>Estimates every line of <paramref name="input"/> and writes the results to <paramref name="output"/>; returns the number of lines.</summary>
    /// <param name="input">UTF-8 lines of plain text or <c>{"id", "text"}</c> objects.</param>
    /// <param name="output">Receives one JSON object per line.</param>
    /// <param name="estimator">The estimator.</param>
    /// <param name="options">Taxonomy, batch size, truncation length.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="InputException">A line is a JSON object without a string <c>text</c> (the message names the line).</exception>
    public static async Task<long> EstimateAsync(Stream input, Stream output, IEmotionEstimator estimator, JsonlEstimationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "the batch size must be at least 1");
        var target = options.Target ?? estimator.Taxonomy;
        var builtIn = estimator as BuiltInEstimator;
        var batch = new Batch(options.BatchSize, target, builtIn is not null && Environment.ProcessorCount > 1 && options.Parallel,
            builtIn is not null && target.Equals(builtIn.Taxonomy) ? builtIn : null, options.MaxCharacters);

        // Output goes through a writer thread, a batch's bytes at a time, while the next batch is estimated: a write into
        // a full pipe then holds up only that thread. Three buffers at most are in flight.
        var empty = Channel.CreateBounded<ArrayBufferWriter<byte>>(OutputBuffers);
        var full = Channel.CreateBounded<ArrayBufferWriter<byte>>(OutputBuffers);
        for (int b = 0; b < OutputBuffers; b++) empty.Writer.TryWrite(new ArrayBufferWriter<byte>(1 << 16));
        var writing = Task.Factory.StartNew(() => WriteBatches(full.Reader, empty.Writer, output), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var buffer = await NextBuffer(empty.Reader, cancellationToken).ConfigureAwait(false);

        // A reader thread hands over whatever the input has ready, in chunks of up to 64 KiB through a bounded channel.
        var chunks = Channel.CreateBounded<(byte[] Bytes, int Length)>(new BoundedChannelOptions(InputChunks) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = Task.Factory.StartNew(() => ReadChunks(input, chunks.Writer, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var pending = new ArrayBufferWriter<byte>(256); // the start of a line whose end has not arrived yet
        long line = 0;
        try
        {
            while (true)
            {
                if (!chunks.Reader.TryRead(out var chunk))
                {
                    // nothing more is waiting: answer what has been read so far, then wait for input
                    if (batch.Count > 0)
                    {
                        buffer = await Answer(batch, estimator, buffer, full.Writer, empty.Reader, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    if (!await chunks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) break;
                    continue;
                }
                int at = 0;
                while (at < chunk.Length)
                {
                    at = TakeLines(chunk.Bytes, at, chunk.Length, pending, batch, ref line);
                    if (batch.Count == options.BatchSize) buffer = await Answer(batch, estimator, buffer, full.Writer, empty.Reader, cancellationToken).ConfigureAwait(false);
                }
                ArrayPool<byte>.Shared.Return(chunk.Bytes);
            }
            if (pending.WrittenCount > 0)
            {
                batch.Add(pending.WrittenSpan, ++line); // the last line, without a newline
            }
            if (batch.Count > 0) buffer = await Answer(batch, estimator, buffer, full.Writer, empty.Reader, cancellationToken).ConfigureAwait(false);
            full.Writer.TryComplete();
            await writing.ConfigureAwait(false);
        }
        catch (Exception) when (!writing.IsCompleted)
        {
            // The batches before the failure are still written out, whole, before the failure is reported.
            full.Writer.TryComplete();
            await writing.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false); // a reader still waiting to hand over a chunk gives up
        }
        return line;
    }

    // Adds the complete lines of chunk[at..length] to the batch, until it is full; a line's start without its end is kept
    // in pending. Returns where it stopped.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int TakeLines(byte[] chunk, int at, int length, ArrayBufferWriter<byte> pending, Batch batch, ref long line)
    {
        while (batch.Count < batch.Capacity)
        {
            var rest = chunk.AsSpan(at, length - at);
            int newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                pending.Write(rest);
                return length;
            }
            if (pending.WrittenCount > 0)
            {
                pending.Write(rest[..newline]);
                batch.Add(pending.WrittenSpan, ++line);
                pending.ResetWrittenCount();
            }
            else
            {
                batch.Add(rest[..newline], ++line);
            }
            at += newline + 1;
        }
        return at;
    }

    // Estimates the batch, writes its answers into the buffer, hands the buffer to the writer thread and returns the next.
    private static async ValueTask<ArrayBufferWriter<byte>> Answer(Batch batch, IEmotionEstimator estimator, ArrayBufferWriter<byte> buffer,
        ChannelWriter<ArrayBufferWriter<byte>> full, ChannelReader<ArrayBufferWriter<byte>> empty, CancellationToken cancellationToken)
    {
        if (batch.Lean is null)
        {
            await batch.EstimateAsync(estimator, cancellationToken).ConfigureAwait(false);
        }
        batch.Write(buffer);
        batch.Clear();
        await full.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        return await NextBuffer(empty, cancellationToken).ConfigureAwait(false);
    }

    private static void ReadChunks(Stream input, ChannelWriter<(byte[] Bytes, int Length)> chunks, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var bytes = ArrayPool<byte>.Shared.Rent(ChunkSize);
                int read = input.Read(bytes, 0, ChunkSize);
                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(bytes);
                    break;
                }
                while (!chunks.TryWrite((bytes, read)))
                {
                    if (!chunks.WaitToWriteAsync(stop).AsTask().GetAwaiter().GetResult()) return;
                }
            }
            chunks.TryComplete();
        }
        catch (Exception ex)
        {
            chunks.TryComplete(ex);
        }
    }

    // The writer thread: each filled buffer is written and flushed, then handed back empty. A failed write (the reader
    // of the pipe went away) ends the thread, and the estimating side sees the same exception when it asks for a buffer.
    private static void WriteBatches(ChannelReader<ArrayBufferWriter<byte>> full, ChannelWriter<ArrayBufferWriter<byte>> empty, Stream output)
    {
        try
        {
            while (full.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (full.TryRead(out var buffer))
                {
                    output.Write(buffer.WrittenSpan);
                    output.Flush();
                    buffer.ResetWrittenCount();
                    empty.TryWrite(buffer);
                }
            }
        }
        catch (Exception ex)
        {
            empty.TryComplete(ex);
            throw;
        }
    }

    private static async ValueTask<ArrayBufferWriter<byte>> NextBuffer(ChannelReader<ArrayBufferWriter<byte>> empty, CancellationToken cancellationToken)
    {
        try
        {
            return await empty.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException closed) when (closed.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(closed.InnerException);
            throw;
        }
    }

    private static byte[] BuildFixedText(out byte[] lengths)
    {
        // "0", "1", and "0." with k's four digits, trailing zeros dropped (0.25, 0.0031), written digit by digit
        var text = new byte[10_001 * 8];
        lengths = new byte[10_001];
        text[0] = (byte)'0';
        lengths[0] = 1;
        text[10_000 * 8] = (byte)'1';
        lengths[10_000] = 1;
        for (int k = 1; k < 10_000; k++)
        {
            var at = text.AsSpan(k * 8, 6);
            at[0] = (byte)'0';
            at[1] = (byte)'.';
            int length = 2;
            for (int digit = 1000, rest = k; rest > 0; digit /= 10)
            {
                at[length++] = (byte)('0' + (rest / digit));
                rest %= digit;
            }
            lengths[k] = (byte)length;
        }
        return text;
    }

    /// <summary>Where a line's parts sit in its batch's arenas.</summary>
    private struct LineParts
    {
        public int IdStart;
        public int IdLength; // -1: no id
        public int TextStart;
        public int TextLength;
        public int CharStart;
        public int CharLength;
        public bool Featured;
    }

    /// <summary>
    /// A batch of lines: their bytes (the id as given, the text as UTF-8) and the text as UTF-16 (what the estimator
    /// reads) in arenas reused from batch to batch, and, after estimation, their probabilities or scores.
    /// </summary>
    private sealed class Batch(int capacity, Taxonomy target, bool parallel, BuiltInEstimator? lean, int maxCharacters)
    {
        private readonly LineParts[] _lines = new LineParts[capacity];
        private readonly int _width = target.Count;
        private readonly float[] _probabilities = lean is null ? [] : new float[capacity * target.Count];
        private readonly EmotionScores[] _results = lean is null ? new EmotionScores[capacity] : [];
        private readonly Dictionary<Taxonomy, LabelText> _labelText = [];
        private byte[] _bytes = new byte[1 << 16];
        private char[] _chars = new char[1 << 15];
        private int _byteLength;
        private int _charLength;

        public int Capacity => capacity;

        public int Count { get; private set; }

        public BuiltInEstimator? Lean => lean;

        public void Clear()
        {
            Count = 0;
            _byteLength = 0;
            _charLength = 0;
        }

        /// <summary>Reads one line (without its <c>\n</c>) into the batch; the built-in estimator estimates it at once.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(ReadOnlySpan<byte> line, long number)
        {
            if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
            if (!Utf8.IsValid(line))
            {
                line = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(line)); // malformed bytes become U+FFFD
            }

            // the line, then room for its text unescaped (never longer than the line)
            EnsureBytes(_byteLength + (2 * line.Length));
            int start = _byteLength;
            line.CopyTo(_bytes.AsSpan(start));
            ref var parts = ref _lines[Count];
            parts = new LineParts { IdLength = -1, TextStart = start, TextLength = line.Length };
            int first = 0;
            while (first < line.Length && line[first] is (byte)' ' or (byte)'\t' or (byte)'\r') first++;
            if (first < line.Length && line[first] == (byte)'{')
            {
                ReadObject(start, line.Length, number, ref parts);
            }
            _byteLength = Math.Max(_byteLength, start + line.Length);

            var text = _bytes.AsSpan(parts.TextStart, parts.TextLength);
            EnsureChars(_charLength + text.Length);
            parts.CharStart = _charLength;
            parts.CharLength = Encoding.UTF8.GetChars(text, _chars.AsSpan(_charLength));
            _charLength += parts.CharLength;
            if (lean is not null && !parallel)
            {
                Predict(Count);
            }
            Count++;
        }

        /// <summary>Estimates the batch's texts with an estimator other than the built-in one in its own taxonomy.</summary>
        public async Task EstimateAsync(IEmotionEstimator estimator, CancellationToken cancellationToken)
        {
            var texts = new string[Count];
            for (int i = 0; i < Count; i++) texts[i] = new string(_chars, _lines[i].CharStart, _lines[i].CharLength);
            if (estimator is BuiltInEstimator builtIn)
            {
                if (parallel && Count > 16) Parallel.For(0, Count, i => _results[i] = builtIn.Estimate(texts[i]));
                else for (int i = 0; i < Count; i++) _results[i] = builtIn.Estimate(texts[i]);
            }
            else
            {
                var estimated = await estimator.EstimateAsync(texts, cancellationToken).ConfigureAwait(false);
                for (int i = 0; i < Count; i++) _results[i] = estimated[i];
            }
        }

        /// <summary>Writes one answer per line into the buffer.</summary>
        public void Write(ArrayBufferWriter<byte> buffer)
        {
            int width = _width;
            var targetText = Labels(target);
            if (lean is not null && parallel)
            {
                if (Count > 16) Parallel.For(0, Count, Predict);
                else for (int i = 0; i < Count; i++) Predict(i);
            }
            Span<double> scores = stackalloc double[width];
            Span<int> order = stackalloc int[width];
            for (int i = 0; i < Count; i++)
            {
                ref var parts = ref _lines[i];
                if (lean is not null)
                {
                    int decided = parts.Featured ? Decide(lean.Model.ThresholdSpan, _probabilities.AsSpan(i * width, width), scores, order) : NoFeatures(scores);
                    WriteLine(buffer, parts, targetText, order[..decided], scores);
                }
                else
                {
                    var result = _results[i].Taxonomy.Equals(target) ? _results[i] : TaxonomyMapping.Convert(_results[i], target);
                    var labels = result.Labels;
                    Span<int> decided = labels.Count <= order.Length ? order[..labels.Count] : new int[labels.Count];
                    for (int l = 0; l < labels.Count; l++) decided[l] = result.Taxonomy.IndexOf(labels[l]);
                    WriteLine(buffer, parts, Labels(result.Taxonomy), decided, result.ScoreSpan);
                    _results[i] = null!;
                }
            }
        }

        private void Predict(int i)
        {
            ref var parts = ref _lines[i];
            parts.Featured = lean!.TryPredict(_chars.AsSpan(parts.CharStart, parts.CharLength), _probabilities.AsSpan(i * _width, _width));
        }

        // {"id":…,"text":…,"labels":[…],"scores":{…}}, byte for byte what a Utf8JsonWriter with the relaxed encoder writes
        // (the text escaped by that encoder), from precomputed label names and score digits.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void WriteLine(ArrayBufferWriter<byte> buffer, in LineParts parts, LabelText labels, ReadOnlySpan<int> decided, ReadOnlySpan<double> scores)
        {
            ReadOnlySpan<byte> text = _bytes.AsSpan(parts.TextStart, parts.TextLength);
            if (Encoder.FindFirstCharacterToEncodeUtf8(text) >= 0)
            {
                text = JsonEncodedText.Encode(text, Encoder).EncodedUtf8Bytes;
            }
            int size = 64 + Math.Max(parts.IdLength, 0) + text.Length + labels.Size;
            var span = buffer.GetSpan(size);
            int at = 0;
            if (parts.IdLength >= 0)
            {
                at = Put("{\"id\":"u8, span, at);
                at = Put(_bytes.AsSpan(parts.IdStart, parts.IdLength), span, at);
                at = Put(",\"text\":\""u8, span, at);
            }
            else
            {
                at = Put("{\"text\":\""u8, span, at);
            }
            at = Put(text, span, at);
            at = Put("\",\"labels\":["u8, span, at);
            for (int l = 0; l < decided.Length; l++)
            {
                if (l > 0) span[at++] = (byte)',';
                at = Put(labels.Quoted[decided[l]], span, at);
            }
            at = Put("],\"scores\":{"u8, span, at);
            at = WriteScores(span, at, labels, scores);
            span[at++] = (byte)'}';
            if (parts.CharLength > maxCharacters) at = Put(",\"truncated\":true"u8, span, at);
            span[at++] = (byte)'}';
            span[at++] = (byte)'\n';
            buffer.Advance(at);
        }

        // The scores object's members from span[at] on; returns where they end. Each key is copied as 32 padded bytes and
        // each score in [0, 1] as 8, then the position advances by their real lengths (the span has room for the padding).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int WriteScores(Span<byte> span, int at, LabelText labels, ReadOnlySpan<double> scores)
        {
            if (!labels.Padded || scores.Length > MaxFastLabels || span.Length - at < scores.Length * (LabelText.KeyWidth + 8)) return WriteScoresSlowly(span, at, labels, scores);

            // Math.Round(score, 4) as a whole number of ten-thousandths, four scores at a time where the CPU allows
            Span<int> quantized = stackalloc int[MaxFastLabels];
            int k = 0;
            if (Avx.IsSupported)
            {
                var zero = Vector256<double>.Zero;
                var one = Vector256.Create(1.0);
                var scale = Vector256.Create(10_000.0);
                for (; k + 4 <= scores.Length; k += 4)
                {
                    var score = Vector256.Create(scores.Slice(k, 4));
                    if (!Vector256.GreaterThanOrEqualAll(score, zero) || !Vector256.LessThanOrEqualAll(score, one)) return WriteScoresSlowly(span, at, labels, scores);
                    Avx.ConvertToVector128Int32WithTruncation(Avx.RoundToNearestInteger(score * scale)).CopyTo(quantized[k..]);
                }
            }
            for (; k < scores.Length; k++)
            {
                double score = scores[k];
                if (!(score >= 0 && score <= 1)) return WriteScoresSlowly(span, at, labels, scores);
                quantized[k] = (int)Math.Round(score * 10_000);
            }

            ref byte into = ref MemoryMarshal.GetReference(span);
            ref byte keys = ref MemoryMarshal.GetArrayDataReference(labels.PaddedKeys);
            ref byte keyLengths = ref MemoryMarshal.GetArrayDataReference(labels.KeyLengths);
            ref byte fixedText = ref MemoryMarshal.GetArrayDataReference(FixedText);
            ref byte fixedLength = ref MemoryMarshal.GetArrayDataReference(FixedLength);
            for (k = 0; k < scores.Length; k++)
            {
                ref byte to = ref Unsafe.Add(ref into, at);
                Unsafe.WriteUnaligned(ref to, Unsafe.ReadUnaligned<Vector256<byte>>(ref Unsafe.Add(ref keys, k * LabelText.KeyWidth)));
                at += Unsafe.Add(ref keyLengths, k);
                int q = quantized[k];
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref into, at), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref fixedText, q * 8)));
                at += Unsafe.Add(ref fixedLength, q);
            }
            return at;
        }

        // the same one key and score at a time, for keys longer than the padding and scores outside [0, 1]
        private static int WriteScoresSlowly(Span<byte> span, int at, LabelText labels, ReadOnlySpan<double> scores)
        {
            for (int k = 0; k < scores.Length; k++)
            {
                at = Put(labels.Keys[k], span, at);
                double score = scores[k];
                if (score is >= 0 and <= 1)
                {
                    int q = (int)Math.Round(score * 10_000);
                    at = Put(FixedText.AsSpan(q * 8, FixedLength[q]), span, at);
                }
                else
                {
                    at = Put(Encoding.UTF8.GetBytes(Math.Round(score, 4).ToString("R", CultureInfo.InvariantCulture)), span, at);
                }
            }
            return at;
        }

        private static int Put(ReadOnlySpan<byte> bytes, Span<byte> span, int at)
        {
            bytes.CopyTo(span[at..]);
            return at + bytes.Length;
        }

        // {"id": …, "text": …} read as JsonDocument would (the last of a repeated name counts); anything that is not one
        // whole JSON object is plain text. The id stays as written; an escaped text is unescaped after the line.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ReadObject(int start, int length, long number, ref LineParts parts)
        {
            var json = _bytes.AsSpan(start, length);
            var reader = new Utf8JsonReader(json);
            int idStart = -1, idLength = -1, textStart = -1, textLength = 0;
            var textType = JsonTokenType.None;
            try
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isText = reader.ValueTextEquals("text"u8);
                    bool isId = !isText && reader.ValueTextEquals("id"u8);
                    reader.Read();
                    int valueStart = (int)reader.TokenStartIndex;
                    if (isText)
                    {
                        textType = reader.TokenType;
                        if (textType == JsonTokenType.String)
                        {
                            if (reader.ValueIsEscaped)
                            {
                                textStart = start + length;
                                textLength = reader.CopyString(_bytes.AsSpan(textStart, length));
                            }
                            else
                            {
                                textStart = start + valueStart + 1;
                                textLength = reader.ValueSpan.Length;
                            }
                        }
                    }
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
                    if (isId)
                    {
                        idStart = start + valueStart;
                        idLength = (int)reader.BytesConsumed - valueStart;
                    }
                }
                if (reader.Read()) return; // more than one value: not an object line
            }
            catch (JsonException)
            {
                return; // text that merely starts with a brace
            }
            catch (InvalidOperationException)
            {
                throw new InputException($"stdin line {number.ToString(CultureInfo.InvariantCulture)}: the \"text\" is not valid Unicode");
            }
            if (textType != JsonTokenType.String)
            {
                throw new InputException($"stdin line {number.ToString(CultureInfo.InvariantCulture)}: a JSON object needs a string \"text\" (and optionally an \"id\")");
            }
            if (textStart == start + length)
            {
                if (!Utf8.IsValid(_bytes.AsSpan(textStart, textLength)))
                {
                    throw new InputException($"stdin line {number.ToString(CultureInfo.InvariantCulture)}: the \"text\" is not valid Unicode");
                }
                _byteLength = textStart + textLength;
            }
            parts.IdStart = idStart;
            parts.IdLength = idLength;
            parts.TextStart = textStart;
            parts.TextLength = textLength;
        }

        private void EnsureBytes(int size)
        {
            if (size > _bytes.Length) Array.Resize(ref _bytes, Math.Max(size, _bytes.Length * 2));
        }

        private void EnsureChars(int size)
        {
            if (size > _chars.Length) Array.Resize(ref _chars, Math.Max(size, _chars.Length * 2));
        }

        private LabelText Labels(Taxonomy taxonomy)
        {
            if (!_labelText.TryGetValue(taxonomy, out var text)) _labelText[taxonomy] = text = new LabelText(taxonomy);
            return text;
        }

        // The built-in estimator's decision, as its Estimate makes it: a label is decided when its probability reaches its
        // threshold, and the decided labels are listed by score, highest first, ties in taxonomy order.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int Decide(ReadOnlySpan<float> thresholds, ReadOnlySpan<float> probabilities, Span<double> scores, Span<int> order)
        {
            int count = 0;
            for (int k = 0; k < scores.Length; k++)
            {
                float p = probabilities[k];
                scores[k] = p;
                if (p >= thresholds[k])
                {
                    int at = count++;
                    while (at > 0 && probabilities[order[at - 1]] < p) // stable: ties keep taxonomy order
                    {
                        order[at] = order[at - 1];
                        at--;
                    }
                    order[at] = k;
                }
            }
            return count;
        }

        // no features: every score 0, no label
        private static int NoFeatures(Span<double> scores)
        {
            scores.Clear();
            return 0;
        }
    }

    /// <summary>A taxonomy's label names as JSON: quoted (for the labels array) and as keys (for the scores object).</summary>
    private sealed class LabelText
    {
        /// <summary>The bytes each key takes in <see cref="PaddedKeys"/>.</summary>
        public const int KeyWidth = 32;

        public LabelText(Taxonomy taxonomy)
        {
            Quoted = [.. taxonomy.Labels.Select(l => Encoding.UTF8.GetBytes("\"" + JsonEncodedText.Encode(l, Encoder).Value + "\""))];
            Keys = [.. Quoted.Select((q, k) => (byte[])[.. (k == 0 ? ""u8 : ","u8), .. q, (byte)':'])];
            KeyLengths = [.. Keys.Select(k => (byte)Math.Min(k.Length, byte.MaxValue))];
            Padded = Keys.All(k => k.Length <= KeyWidth);
            PaddedKeys = Padded ? new byte[Keys.Length * KeyWidth] : [];
            if (Padded)
            {
                for (int k = 0; k < Keys.Length; k++) Keys[k].CopyTo(PaddedKeys, k * KeyWidth);
            }
            Size = Keys.Sum(k => Math.Max(k.Length, KeyWidth) + 32) + Quoted.Sum(q => q.Length + 1);
        }

        public byte[][] Quoted { get; }

        public byte[][] Keys { get; }

        /// <summary>Each key's length in bytes (up to 255; only read when <see cref="Padded"/>).</summary>
        public byte[] KeyLengths { get; }

        /// <summary>Whether every key fits in <see cref="KeyWidth"/> bytes (then <see cref="PaddedKeys"/> holds them).</summary>
        public bool Padded { get; }

        /// <summary>Each key at k × <see cref="KeyWidth"/>, zero-padded.</summary>
        public byte[] PaddedKeys { get; }

        /// <summary>An upper bound on the bytes of a line's labels and scores, with room for the padded copies and for any number.</summary>
        public int Size { get; }
    }
}
