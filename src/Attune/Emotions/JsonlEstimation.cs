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
/// full or when no more input is waiting, so a slow producer gets its answers at once. Memory stays flat: one batch
/// is held at a time.
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
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        var builtIn = estimator as BuiltInEstimator;
        bool parallel = builtIn is not null && Environment.ProcessorCount > 1 && options.Parallel;
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
                if (builtIn is not null)
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
                    var scores = results[i].Taxonomy.Equals(target) ? results[i] : TaxonomyMapping.Convert(results[i], target);
                    if (!names.TryGetValue(scores.Taxonomy, out var labelNames))
                    {
                        names[scores.Taxonomy] = labelNames = [.. scores.Taxonomy.Labels.Select((l, k) =>
                        Encoding.UTF8.GetBytes((k == 0 ? "" : ",") + JsonSerializer.Serialize(l, RelaxedSerializer) + ":"))];
                    }
                    Write(writer, buffer, ids[i], texts[i], scores, labelNames, texts[i].Length > options.MaxCharacters);
                    ids[i] = null;
                    texts[i] = null!;
                    results[i] = null!;
                }
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false); // a reader still waiting to hand over a line gives up
        }
        return line;
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
    private static void Write(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, string? id, string text, EmotionScores scores, byte[][] labelNames, bool truncated)
    {
        writer.WriteStartObject();
        if (id is not null)
        {
            writer.WritePropertyName(IdName);
            writer.WriteRawValue(id, skipInputValidation: true);
        }
        writer.WriteString(TextName, text);
        writer.WriteStartArray(LabelsName);
        foreach (var l in scores.Labels) writer.WriteStringValue(l);
        writer.WriteEndArray();
        writer.WritePropertyName(ScoresName);
        writer.Flush();
        var span = buffer.GetSpan((labelNames.Length * 64) + 64); // label names are short ASCII words
        int at = 0;
        span[at++] = (byte)'{';
        Span<byte> digits = stackalloc byte[8];
        for (int i = 0; i < labelNames.Length; i++)
        {
            labelNames[i].CopyTo(span[at..]);
            at += labelNames[i].Length;
            var rounded = Math.Round(scores.ScoreAt(i), 4);
            var number = rounded is >= 0 and <= 1 ? Fixed(rounded, digits) : Encoding.UTF8.GetBytes(rounded.ToString("R", CultureInfo.InvariantCulture));
            number.CopyTo(span[at..]);
            at += number.Length;
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

    // A number in [0, 1] with at most four decimals, written as its shortest round-trip form (what WriteNumberValue gives).
    private static ReadOnlySpan<byte> Fixed(double rounded, Span<byte> digits)
    {
        int k = (int)Math.Round(rounded * 10_000);
        if (k == 0) return "0"u8;
        if (k == 10_000) return "1"u8;
        digits[0] = (byte)'0';
        digits[1] = (byte)'.';
        int length = 2;
        for (int div = 1000; div >= 1 && k > 0; div /= 10)
        {
            digits[length++] = (byte)('0' + (k / div));
            k %= div;
        }
        return digits[..length];
    }
}
