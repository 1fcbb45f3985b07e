using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Attune.Suites.Eq;

/// <summary>
/// A set of EQ-Bench questions read from a question file (v1 or v2, any language) or from Attune's own embedded items.
/// </summary>
public sealed class EqQuestionSet
{
    /// <summary>The name of the embedded resource that holds Attune's own items.</summary>
    public const string BuiltInResource = "Attune.Data.eq-items.json";

    /// <summary>The item-set name of Attune's own items.</summary>
    public const string BuiltInName = "builtin:attune-eq";

    private EqQuestionSet(string source, IReadOnlyList<EqQuestion> questions, string hash, EqVersion? version = null, int? total = null)
    {
        Source = source;
        Questions = questions;
        Hash = hash;
        Version = version ?? (questions.Count == 60 ? EqVersion.V1 : EqVersion.V2);
        Total = total ?? questions.Count;
    }

    /// <summary>How many questions the whole file holds (more than <see cref="Questions"/> after <see cref="Take"/>).</summary>
    public int Total { get; }

    /// <summary>The first <paramref name="count"/> questions only (<c>--limit</c>): same file, hash and version, fewer items.</summary>
    public EqQuestionSet Take(int count) => count >= Questions.Count ? this : new EqQuestionSet(Source, [.. Questions.Take(count)], Hash, Version, Total);

    /// <summary>Where the questions came from: a file path or <c>builtin:attune-eq</c>.</summary>
    public string Source { get; }

    /// <summary>The questions in file order.</summary>
    public IReadOnlyList<EqQuestion> Questions { get; }

    /// <summary>SHA-256 of the file's bytes, hex: identifies the exact item set a run used.</summary>
    public string Hash { get; }

    /// <summary>v1 for a file of exactly 60 questions (as the reference harness decides), otherwise v2.</summary>
    public EqVersion Version { get; }

    /// <summary>Finds a question by id.</summary>
    public EqQuestion? Find(string id) => Questions.FirstOrDefault(q => q.Id == id);

    /// <summary>Reads a question file. Any problem is an <see cref="InputException"/> naming the file and the field.</summary>
    public static EqQuestionSet Load(string path)
    {
        if (Directory.Exists(path)) throw new InputException($"{path}: is a folder; give a question file (JSON)");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{path}: question file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read question file: {ex.Message}");
        }
        using (stream) return Parse(stream, path);
    }

    /// <summary>Attune's own original items, embedded in the library.</summary>
    public static EqQuestionSet LoadBuiltIn()
    {
        using var stream = typeof(EqQuestionSet).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"embedded resource {BuiltInResource} is missing");
        return Parse(stream, BuiltInName);
    }

    /// <summary>Parses question-file bytes; <paramref name="source"/> names the file in error messages.</summary>
    public static EqQuestionSet Parse(byte[] bytes, string source)
    {
        using var ms = new MemoryStream(bytes, writable: false);
        return Parse(ms, source);
    }

    /// <summary>
    /// Parses a question file from a stream without holding the whole file in memory (it is hashed as it is read);
    /// <paramref name="source"/> names the file in error messages.
    /// </summary>
    public static EqQuestionSet Parse(Stream stream, string source)
    {
        using var hashing = new HashingStream(stream);
        Dictionary<string, RawQuestion?>? raw;
        try
        {
            raw = JsonSerializer.Deserialize<Dictionary<string, RawQuestion?>>(hashing);
        }
        catch (JsonException ex) when (ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            var path = ex.Path?.TrimStart('$', '.');
            throw new InputException(string.IsNullOrEmpty(path)
                ? $"{source}: expected a JSON object keyed by question id"
                : $"{source}: {path}: wrong type at line {(ex.LineNumber ?? 0) + 1} (each question needs a string \"prompt\" and reference objects)");
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}" : "";
            throw new InputException($"{source}: not valid JSON{where} (is the file complete?)");
        }
        if (raw is null) throw new InputException($"{source}: expected a JSON object keyed by question id");
        if (hashing.FirstDuplicateKey() is { } duplicate)
        {
            throw new InputException($"{source}: question id \"{duplicate.Key}\" appears twice (lines {duplicate.First} and {duplicate.Second}); ids must be unique");
        }
        var list = new List<EqQuestion>(raw.Count);
        foreach (var (id, value) in raw) list.Add(ParseQuestion(id, value, source));
        if (list.Count == 0)
        {
            throw new InputException($"{source}: the file holds no questions");
        }
        if (list.Count != 60)
        {
            foreach (var q in list.Where(q => q.Fullscale is null))
            {
                throw new InputException($"{source}: question \"{q.Id}\": missing field \"reference_answer_fullscale\" (required in a v2 file)");
            }
        }
        return new EqQuestionSet(source, list, hashing.HashHex());
    }

    // Hashes the bytes as they are read, and notes the line of every top-level key (a small JSON scanner that follows
    // strings, escapes and nesting), so duplicate question ids can be named with both lines without a second pass.
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);
        private (string Key, int First, int Second)? _duplicate;
        private readonly List<byte> _string = [];
        private int _line = 1, _depth;
        private bool _inString, _escape, _expectColon;
        private string? _pendingKey;
        private int _pendingLine;

        public string HashHex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public (string Key, int First, int Second)? FirstDuplicateKey() => _duplicate;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            _hash.AppendData(buffer[..n]);
            foreach (var b in buffer[..n]) Scan(b);
            return n;
        }

        private void Scan(byte b)
        {
            if (b == (byte)'\n') _line++;
            if (_inString)
            {
                if (_escape) _escape = false;
                else if (b == (byte)'\\') _escape = true;
                else if (b == (byte)'"')
                {
                    _inString = false;
                    if (_depth == 1)
                    {
                        _pendingKey = Encoding.UTF8.GetString([.. _string]);
                        _expectColon = true;
                    }
                    return;
                }
                if (_depth == 1 && _string.Count < 4096) _string.Add(b);
                return;
            }
            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    _string.Clear();
                    _pendingLine = _line;
                    if (!_expectColon) _pendingKey = null;
                    break;
                case (byte)':' when _expectColon && _pendingKey is not null:
                    if (_keys.TryGetValue(_pendingKey, out var first)) _duplicate ??= (_pendingKey, first, _pendingLine);
                    else _keys[_pendingKey] = _pendingLine;
                    _expectColon = false;
                    _pendingKey = null;
                    break;
                case (byte)'{' or (byte)'[':
                    _depth++;
                    _expectColon = false;
                    break;
                case (byte)'}' or (byte)']':
                    _depth--;
                    _expectColon = false;
                    break;
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    break;
                default:
                    _expectColon = false;
                    break;
            }
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class RawQuestion
    {
        [JsonPropertyName("prompt")]
        public string? Prompt { get; set; }

        [JsonPropertyName("reference_answer")]
        public JsonElement? Reference { get; set; }

        [JsonPropertyName("reference_answer_fullscale")]
        public JsonElement? Fullscale { get; set; }
    }

    private static EqQuestion ParseQuestion(string id, RawQuestion? q, string source)
    {
        string where = $"{source}: question \"{id}\"";
        if (q is null) throw new InputException($"{where}: expected an object");
        if (q.Prompt is null) throw new InputException($"{where}: missing string field \"prompt\"");
        if (q.Reference is not { } reference || reference.ValueKind == JsonValueKind.Null)
        {
            throw new InputException($"{where}: missing field \"reference_answer\"");
        }
        EqReference? fullscale = null;
        if (q.Fullscale is { } fs && fs.ValueKind != JsonValueKind.Null)
        {
            fullscale = ParseReference(fs, $"{where}: \"reference_answer_fullscale\"");
        }
        return new EqQuestion(id, q.Prompt, ParseReference(reference, $"{where}: \"reference_answer\""), fullscale);
    }

    private static EqReference ParseReference(JsonElement r, string where)
    {
        if (r.ValueKind != JsonValueKind.Object) throw new InputException($"{where}: expected an object");
        var names = new string[4];
        var scores = new double[4];
        for (int i = 1; i <= 4; i++)
        {
            if (!r.TryGetProperty($"emotion{i}", out var name) || name.ValueKind != JsonValueKind.String || name.GetString()!.Length == 0)
            {
                throw new InputException($"{where}: missing emotion name \"emotion{i}\"");
            }
            names[i - 1] = name.GetString()!;
            if (!r.TryGetProperty($"emotion{i}_score", out var score))
            {
                throw new InputException($"{where}: missing \"emotion{i}_score\"");
            }
            scores[i - 1] = score.ValueKind switch
            {
                JsonValueKind.Number => score.GetDouble(),
                JsonValueKind.String when double.TryParse(score.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
                _ => throw new InputException($"{where}: \"emotion{i}_score\" is not a number: {Truncate(score.GetRawText())}"),
            };
            if (!double.IsFinite(scores[i - 1]) || scores[i - 1] < 0 || scores[i - 1] > 10)
            {
                throw new InputException($"{where}: \"emotion{i}_score\" is {Truncate(score.GetRawText())}; reference scores run from 0 to 10");
            }
        }
        return new EqReference(names, scores);
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <summary>Serialises questions in the question-file format (used by tests and tools that write item files).</summary>
    public static string ToJson(IEnumerable<EqQuestion> questions)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            foreach (var q in questions)
            {
                w.WriteStartObject(q.Id);
                w.WriteString("prompt", q.Prompt);
                WriteReference(w, "reference_answer", q.Reference);
                if (q.Fullscale is not null) WriteReference(w, "reference_answer_fullscale", q.Fullscale);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteReference(Utf8JsonWriter w, string name, EqReference r)
    {
        w.WriteStartObject(name);
        for (int i = 0; i < 4; i++) w.WriteString($"emotion{i + 1}", r.Emotions[i]);
        for (int i = 0; i < 4; i++) w.WriteNumber($"emotion{i + 1}_score", r.Scores[i]);
        w.WriteEndObject();
    }
}
