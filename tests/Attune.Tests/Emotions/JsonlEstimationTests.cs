using System.Text;
using System.Text.Json;
using Attune.Emotions;

namespace Attune.Tests.Emotions;

public class JsonlEstimationTests
{
    private static string Lines(int count, string? last = null)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append("{\"id\": ").Append(i).Append(", \"text\": \"what a wonderful day\"}\n");
        }

        return last is null ? text.ToString() : text.Append(last).Append('\n').ToString();
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task A_bad_line_stops_the_stream_after_whole_lines_only()
    {
        using var output = new MemoryStream();
        var failure = await Assert.ThrowsAsync<InputException>(() => JsonlEstimation.EstimateAsync(
            Utf8(Lines(2000, "{\"id\": 2000, \"txt\": \"typo\"}")), output, BuiltInEstimator.Load(), new JsonlEstimationOptions { BatchSize = 64 }));
        Assert.Contains("stdin line 2001", failure.Message, StringComparison.Ordinal);

        // Whatever was written before the failure is whole lines, in order, never part of one.
        string written = Encoding.UTF8.GetString(output.ToArray());
        Assert.True(written.Length == 0 || written.EndsWith('\n'));
        int expected = 0;
        foreach (string line in written.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            Assert.Equal(expected++, doc.RootElement.GetProperty("id").GetInt32());
        }

        Assert.True(expected <= 2000);
    }

    [Fact]
    public async Task A_failing_output_is_reported_not_waited_on()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var failure = await Assert.ThrowsAsync<IOException>(() => JsonlEstimation.EstimateAsync(
            Utf8(Lines(5000)), new BrokenPipe(), BuiltInEstimator.Load(), new JsonlEstimationOptions { BatchSize = 64 }, timeout.Token));
        Assert.Equal("Broken pipe", failure.Message);
    }

    [Fact]
    public async Task Every_line_is_answered_in_order()
    {
        using var output = new MemoryStream();
        long count = await JsonlEstimation.EstimateAsync(Utf8(Lines(3000)), output, BuiltInEstimator.Load(), new JsonlEstimationOptions { BatchSize = 64 });
        Assert.Equal(3000, count);
        string[] lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3000, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            Assert.Equal(i, doc.RootElement.GetProperty("id").GetInt32());
        }
    }

    [Fact]
    public async Task Lines_carry_what_Estimate_gives_for_every_dev_text()
    {
        // The pipe writes the built-in estimator's own probabilities without building EmotionScores; what it writes must
        // be what Estimate(text) gives, read back with an independent JSON parser: the labels in Estimate's order and every
        // score rounded to four decimals. Blank texts (no features) included.
        string[] texts = [.. File.ReadLines(SharedData.Path_("data", "goemotions", "dev.tsv")).Select(l => l.Split('\t')[0]), "", "   ", "!!!"];
        using var output = new MemoryStream();
        var estimator = BuiltInEstimator.Load();
        await JsonlEstimation.EstimateAsync(Utf8(string.Join('\n', texts) + "\n"), output, estimator, new JsonlEstimationOptions());
        string[] lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(texts.Length, lines.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            var expected = estimator.Estimate(texts[i]);
            using var doc = JsonDocument.Parse(lines[i]);
            Assert.Equal(texts[i], doc.RootElement.GetProperty("text").GetString());
            Assert.Equal(expected.Labels, doc.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray());
            var scores = doc.RootElement.GetProperty("scores");
            foreach (string label in Taxonomy.GoEmotions.Labels)
            {
                Assert.Equal(Math.Round(expected.Scores[label], 4), scores.GetProperty(label).GetDouble());
            }
        }
    }

    [Fact]
    public async Task Lines_end_at_newline_only_and_are_read_as_utf8_with_ids_kept_as_written()
    {
        // Each expected text is written out here by hand: what an independent JSON parser must read back from each answer.
        string longText = string.Concat(Enumerable.Repeat("so happy for you ", 12_000)); // 204,000 characters: several input chunks
        var input = new MemoryStream();
        void Put(string s) => input.Write(Encoding.UTF8.GetBytes(s));
        Put("a stray\rcarriage return\n");                                                          // one line, the \r kept
        Put("windows line\r\n");                                                                    // the trailing \r dropped
        input.Write([(byte)'x', 0xFF, (byte)'y', (byte)'\n']);                                      // a byte that is not UTF-8
        Put("{\"id\": [1, {\"k\": \"v\"}], \"text\": \"caf\\u00e9 \\\"q\\\" \\ud83d\\ude00\"}\n"); // escapes in the text
        Put("{\"text\": \"first\", \"text\": \"second\"}\n");                                        // a repeated name: the last counts
        Put("{\"text\": \"ok\"} and more\n");                                                       // not one JSON value: plain text
        Put(longText + "\n");
        Put("the last line has no newline");
        input.Position = 0;
        string[] expectedTexts = ["a stray\rcarriage return", "windows line", "x\uFFFDy", "caf\u00e9 \"q\" \U0001F600", "second", "{\"text\": \"ok\"} and more", longText, "the last line has no newline"];

        using var output = new MemoryStream();
        var estimator = BuiltInEstimator.Load();
        long count = await JsonlEstimation.EstimateAsync(input, output, estimator, new JsonlEstimationOptions { BatchSize = 3 });

        Assert.Equal(expectedTexts.Length, count);
        string[] lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expectedTexts.Length, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            Assert.Equal(expectedTexts[i], doc.RootElement.GetProperty("text").GetString());
            Assert.Equal(estimator.Estimate(expectedTexts[i]).Labels, doc.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray());
        }
        using (var withId = JsonDocument.Parse(lines[3]))
        {
            Assert.Equal("[1, {\"k\": \"v\"}]", withId.RootElement.GetProperty("id").GetRawText());
        }
    }

    [Fact]
    public async Task A_text_that_is_not_unicode_is_refused_by_line_number()
    {
        using var output = new MemoryStream();
        var failure = await Assert.ThrowsAsync<InputException>(() => JsonlEstimation.EstimateAsync(
            Utf8("fine\n{\"id\": 2, \"text\": \"half a pair \\ud800 here\"}\n"), output, BuiltInEstimator.Load(), new JsonlEstimationOptions()));
        Assert.Contains("stdin line 2", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", 0.25, 1)] // every key fits the padded copy
    [InlineData("a label whose name is longer than thirty-two bytes", 0.0031, 0)] // one key is too long for it
    public async Task Another_estimators_scores_are_written_under_label_names_of_any_length(string second, double first, double last)
    {
        // what another estimator gives is written through the same line writer: its scores rounded to four decimals in
        // their shortest form, under every label name however long
        var taxonomy = new Taxonomy("custom", ["joy", second, "fear \"quoted\""]);
        double[] scores = [first, 0.123456, last];
        using var output = new MemoryStream();
        await JsonlEstimation.EstimateAsync(Utf8("one\ntwo\n"), output, new FixedEstimator(taxonomy, scores), new JsonlEstimationOptions());
        string[] lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (string line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var written = doc.RootElement.GetProperty("scores").EnumerateObject().Select(p => (p.Name, p.Value.GetDouble())).ToArray();
            Assert.Equal([("joy", first), (second, 0.1235), ("fear \"quoted\"", last)], written);
            Assert.Equal(["joy"], doc.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray());
        }
    }

    [Fact]
    public async Task Every_four_decimal_score_is_written_as_utf8_json_writer_writes_it()
    {
        // text i scores its four labels (4i + j) mod 10,001 ten-thousandths (and a little off them, to be rounded): every
        // value from 0 to 1 is written, through the vectorized rounding, and compared byte for byte with what
        // Utf8JsonWriter writes for Math.Round(score, 4)
        var taxonomy = new Taxonomy("quarters", ["a", "b", "c", "d"]);
        const int lines = 2_501;
        double Score(int i, int j) => Math.Clamp((((4 * i) + j) % 10_001 / 10_000.0) + ((j - 1.5) * 1e-6), 0, 1);
        var estimator = new ComputedEstimator(taxonomy, text => [.. Enumerable.Range(0, 4).Select(j => Score(int.Parse(text, System.Globalization.CultureInfo.InvariantCulture), j))]);
        using var output = new MemoryStream();
        await JsonlEstimation.EstimateAsync(Utf8(string.Join('\n', Enumerable.Range(0, lines)) + "\n"), output, estimator, new JsonlEstimationOptions());
        string[] written = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines, written.Length);
        for (int i = 0; i < lines; i++)
        {
            using var expected = new MemoryStream();
            using (var writer = new Utf8JsonWriter(expected))
            {
                writer.WriteStartObject();
                for (int j = 0; j < 4; j++) writer.WriteNumber(taxonomy.Labels[j], Math.Round(Score(i, j), 4));
                writer.WriteEndObject();
            }
            string scores = written[i][(written[i].IndexOf("\"scores\":", StringComparison.Ordinal) + 9)..^1];
            Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), scores);
        }
    }

    /// <summary>An estimator whose scores are a function of the text; it decides no label.</summary>
    private sealed class ComputedEstimator(Taxonomy taxonomy, Func<string, double[]> scores) : IEmotionEstimator
    {
        public Taxonomy Taxonomy => taxonomy;

        public Task<IReadOnlyList<EmotionScores>> EstimateAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<EmotionScores>>([.. texts.Select(t => new EmotionScores(taxonomy, scores(t), []))]);
    }

    /// <summary>An estimator that gives every text the same scores and decides the first label.</summary>
    private sealed class FixedEstimator(Taxonomy taxonomy, double[] scores) : IEmotionEstimator
    {
        public Taxonomy Taxonomy => taxonomy;

        public Task<IReadOnlyList<EmotionScores>> EstimateAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<EmotionScores>>([.. texts.Select(_ => new EmotionScores(taxonomy, scores, [taxonomy.Labels[0]]))]);
    }

    /// <summary>An output whose reader has gone: the first write succeeds, every later one fails.</summary>
    private sealed class BrokenPipe : Stream
    {
        private int _writes;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Interlocked.Increment(ref _writes) > 1)
            {
                throw new IOException("Broken pipe");
            }
        }
    }
}
