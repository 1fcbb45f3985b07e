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

    [Fact]
    public async Task A_bad_line_stops_the_stream_after_whole_lines_only()
    {
        using var output = new MemoryStream();
        var failure = await Assert.ThrowsAsync<InputException>(() => JsonlEstimation.EstimateAsync(
            new StringReader(Lines(2000, "{\"id\": 2000, \"txt\": \"typo\"}")), output, BuiltInEstimator.Load(), new JsonlEstimationOptions { BatchSize = 64 }));
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
            new StringReader(Lines(5000)), new BrokenPipe(), BuiltInEstimator.Load(), new JsonlEstimationOptions { BatchSize = 64 }, timeout.Token));
        Assert.Equal("Broken pipe", failure.Message);
    }

    [Fact]
    public async Task Every_line_is_answered_in_order()
    {
        using var output = new MemoryStream();
        long count = await JsonlEstimation.EstimateAsync(new StringReader(Lines(3000)), output, BuiltInEstimator.Load(), new JsonlEstimationOptions { BatchSize = 64 });
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
        await JsonlEstimation.EstimateAsync(new StringReader(string.Join('\n', texts) + "\n"), output, estimator, new JsonlEstimationOptions());
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
