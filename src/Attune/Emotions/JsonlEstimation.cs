using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;

namespace Attune.Emotions;

/// <summary>
/// Streaming estimation for data engines (Spark's <c>rdd.pipe</c>, Ray, Hadoop streaming): reads lines, each plain text
/// or a JSON object <c>{"id": …, "text": …}</c>, and writes one JSON object per line in the same order
/// (<c>{"id", "text", "labels", "scores"}</c>, the id as given), flushing after every batch. A batch ends when it is
/// full or when no more input is waiting, so a slow producer gets its answers at once. Lines are read, and finished
/// batches written, on threads of their own, so that a pipe that is momentarily empty or full does not stop estimation.
/// Memory stays flat: a few batches are held at a time.
/// </summary>
public static class JsonlEstimation
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText TextName = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText LabelsName = JsonEncodedText.Encode("labels");
    private static readonly JsonEncodedText ScoresName = JsonEncodedText.Encode("scores");
    private static readonly JsonSerializerOptions RelaxedSerializer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Estimates every line of <paramref name="input"/> and writes the results to <paramref name="output"/>; returns the number of lines.</summary>
    /// <param name="input">Lines of plain text or <c>{"id", "text"}</c> objects.</param>
    /// <param name="output">Receives one JSON object per line.</param>
    /// <param name="estimator">The estimator.</param>
    /// <param name="options">Taxonomy, batch size, truncation length.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="InputException">A line is a JSON object without a string <c>text</c> (the message names the line).</exception>
    public static async Task<long> EstimateAsync(TextReader input, Stream output, IEmotionEstimator estimator, JsonlEstimationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "the batch size must be at least 1");
        var target = options.Target ?? estimator.Taxonomy;
        var names = new Dictionary<Taxonomy, byte[][]>();
        var ids = new string?[options.BatchSize];
        var texts = new string[options.BatchSize];
        var results = new EmotionScores[options.BatchSize];
        // Output goes through a writer thread, a batch's bytes at a time, while the next batch is estimated: a write into
        // a full pipe then holds up only that thread. Three buffers at most are in flight (memory stays flat).
        var empty = Channel.CreateBounded<ArrayBufferWriter<byte>>(OutputBuffers);
        var full = Channel.CreateBounded<ArrayBufferWriter<byte>>(OutputBuffers);
        for (int b = 0; b < OutputBuffers; b++) empty.Writer.TryWrite(new ArrayBufferWriter<byte>(1 << 16));
        var writing = Task.Factory.StartNew(() => WriteBatches(full.Reader, empty.Writer, output), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var buffer = await NextBuffer(empty.Reader, cancellationToken).ConfigureAwait(false);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        var builtIn = estimator as BuiltInEstimator;
        bool parallel = builtIn is not null && Environment.ProcessorCount > 1 && options.Parallel;
        var lean = builtIn is not null && target.Equals(builtIn.Taxonomy) ? builtIn : null;
        int width = target.Count;
        var probabilities = lean is null ? [] : new float[options.BatchSize * width];
        var featured = lean is null ? [] : new bool[options.BatchSize];
        var leanScores = new double[width];
        var decided = new List<string>(8);
        // A reader thread hands lines over a bounded channel (memory stays flat); a batch is whatever is waiting, up to
        // the batch size, so a slow producer is answered line by line and a fast one in full batches.
        var lines = Channel.CreateBounded<string>(new BoundedChannelOptions(options.BatchSize * 4) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Factory.StartNew(() =>
        {
            try
            {
                while (input.ReadLine() is { } text)
                {
                    while (!lines.Writer.TryWrite(text))
                    {
                        if (!lines.Writer.WaitToWriteAsync(stop.Token).AsTask().GetAwaiter().GetResult()) return;
                    }
                }
                lines.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                lines.Writer.TryComplete(ex);
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        long line = 0;
        try
        {
            while (await lines.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                int n = 0;
                while (n < options.BatchSize && lines.Reader.TryRead(out var text))
                {
                    line++;
                    (ids[n], texts[n]) = Read(text, line);
                    n++;
                }
                if (n == 0) continue;
                if (lean is not null)
                {
                    // the built-in estimator in its own taxonomy: probabilities straight into one array, no objects
                    if (parallel && n > 16) Parallel.For(0, n, i => featured[i] = lean.TryPredict(texts[i], probabilities.AsSpan(i * width, width)));
                    else for (int i = 0; i < n; i++) featured[i] = lean.TryPredict(texts[i], probabilities.AsSpan(i * width, width));
                }
                else if (builtIn is not null)
                {
                    if (parallel && n > 16) Parallel.For(0, n, i => results[i] = builtIn.Estimate(texts[i]));
                    else for (int i = 0; i < n; i++) results[i] = builtIn.Estimate(texts[i]);
                }
                else
                {
                    var batch = await estimator.EstimateAsync(new ArraySegment<string>(texts, 0, n), cancellationToken).ConfigureAwait(false);
                    for (int i = 0; i < n; i++) results[i] = batch[i];
                }
                for (int i = 0; i < n; i++)
                {
                    bool truncated = texts[i].Length > options.MaxCharacters;
                    if (lean is not null)
                    {
                        Decide(lean.Model.Thresholds, target, featured[i] ? probabilities.AsSpan(i * width, width) : default, leanScores, decided);
                        Write(writer, buffer, ids[i], texts[i], decided, leanScores, LabelNames(names, target), truncated);
                    }
                    else
                    {
                        var scores = results[i].Taxonomy.Equals(target) ? results[i] : TaxonomyMapping.Convert(results[i], target);
                        Write(writer, buffer, ids[i], texts[i], scores.Labels, scores.ScoreSpan, LabelNames(names, scores.Taxonomy), truncated);
                    }
                    ids[i] = null;
                    texts[i] = null!;
                    results[i] = null!;
                }
                // the batch goes to the writer thread (written and flushed at once); the next one fills another buffer
                await full.Writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                buffer = await NextBuffer(empty.Reader, cancellationToken).ConfigureAwait(false);
                writer.Reset(buffer);
            }
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
            await stop.CancelAsync().ConfigureAwait(false); // a reader still waiting to hand over a line gives up
        }
        return line;
    }

    private const int OutputBuffers = 3;

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

    private static (string? Id, string Text) Read(string line, long number)
    {
        if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
        int start = 0;
        while (start < line.Length && char.IsWhiteSpace(line[start])) start++;
        if (start == line.Length || line[start] != '{') return (null, line);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return (null, line); // text that merely starts with a brace
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return (null, line);
            if (!doc.RootElement.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                throw new InputException($"stdin line {number.ToString(CultureInfo.InvariantCulture)}: a JSON object needs a string \"text\" (and optionally an \"id\")");
            }
            string? id = doc.RootElement.TryGetProperty("id", out var idValue) ? idValue.GetRawText() : null;
            return (id, text.GetString()!);
        }
    }

    // {"id":…,"text":…,"labels":[…],"scores":{…}} — the id, text and labels through the JSON writer (escaping), the
    // scores (most of the bytes) straight from precomputed names and fixed-point digits: the same text, far fewer calls.
    private static void Write(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, string? id, string text, IReadOnlyList<string> labels, ReadOnlySpan<double> scores, byte[][] labelNames, bool truncated)
    {
        writer.WriteStartObject();
        if (id is not null)
        {
            writer.WritePropertyName(IdName);
            writer.WriteRawValue(id, skipInputValidation: true);
        }
        writer.WriteString(TextName, text);
        writer.WriteStartArray(LabelsName);
        for (int l = 0; l < labels.Count; l++) writer.WriteStringValue(labels[l]);
        writer.WriteEndArray();
        writer.WritePropertyName(ScoresName);
        writer.Flush();
        var span = buffer.GetSpan((labelNames.Length * 64) + 64); // label names are short ASCII words
        int at = 0;
        span[at++] = (byte)'{';
        for (int i = 0; i < labelNames.Length; i++)
        {
            labelNames[i].CopyTo(span[at..]);
            at += labelNames[i].Length;
            double score = scores[i];
            if (score is >= 0 and <= 1)
            {
                at += Fixed(score, span[at..]);
            }
            else
            {
                var number = Encoding.UTF8.GetBytes(Math.Round(score, 4).ToString("R", CultureInfo.InvariantCulture));
                number.CopyTo(span[at..]);
                at += number.Length;
            }
        }
        span[at++] = (byte)'}';
        if (truncated)
        {
            ",\"truncated\":true"u8.CopyTo(span[at..]);
            at += 17;
        }
        span[at++] = (byte)'}';
        span[at++] = (byte)'\n';
        buffer.Advance(at);
        writer.Reset();
    }

    // The built-in estimator's decision, as its Estimate makes it: a label is decided when its probability reaches its
    // threshold, and the decided labels are listed by score, highest first, ties in taxonomy order. No features (an
    // empty probabilities span): every score 0, no label.
    private static void Decide(IReadOnlyList<float> thresholds, Taxonomy taxonomy, ReadOnlySpan<float> probabilities, double[] scores, List<string> decided)
    {
        decided.Clear();
        if (probabilities.IsEmpty)
        {
            Array.Clear(scores);
            return;
        }
        Span<int> order = stackalloc int[scores.Length];
        int count = 0;
        for (int k = 0; k < scores.Length; k++)
        {
            scores[k] = probabilities[k];
            if (probabilities[k] >= thresholds[k])
            {
                int at = count++;
                while (at > 0 && probabilities[order[at - 1]] < probabilities[k]) // stable: ties keep taxonomy order
                {
                    order[at] = order[at - 1];
                    at--;
                }
                order[at] = k;
            }
        }
        for (int j = 0; j < count; j++) decided.Add(taxonomy.Labels[order[j]]);
    }

    private static byte[][] LabelNames(Dictionary<Taxonomy, byte[][]> names, Taxonomy taxonomy)
    {
        if (!names.TryGetValue(taxonomy, out var labelNames))
        {
            names[taxonomy] = labelNames = [.. taxonomy.Labels.Select((l, k) =>
                Encoding.UTF8.GetBytes((k == 0 ? "" : ",") + JsonSerializer.Serialize(l, RelaxedSerializer) + ":"))];
        }
        return labelNames;
    }

    // A score in [0, 1] rounded to four decimals (Math.Round(score, 4)), written as its shortest round-trip form (what
    // WriteNumberValue gives: "0", "1", "0.25", "0.0031"); returns the bytes written. Constant divisors only.
    private static int Fixed(double score, Span<byte> into)
    {
        int k = (int)Math.Round(score * 10_000);
        if (k == 0)
        {
            into[0] = (byte)'0';
            return 1;
        }
        if (k == 10_000)
        {
            into[0] = (byte)'1';
            return 1;
        }
        into[0] = (byte)'0';
        into[1] = (byte)'.';
        into[2] = (byte)('0' + (k / 1000));
        into[3] = (byte)('0' + (k / 100 % 10));
        into[4] = (byte)('0' + (k / 10 % 10));
        into[5] = (byte)('0' + (k % 10));
        int length = 6;
        while (into[length - 1] == '0') length--;
        return length;
    }
}
