using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Attune.Suites.Safety;

/// <summary>
/// A file of conversations to audit, in the OpenAI messages shape: one <c>{"id": …, "messages": [{"role", "content"}]}</c>
/// per line (JSON Lines), or a JSON array of such objects. It is read as a stream: loading validates every conversation
/// and keeps only ids and byte offsets, and each conversation is read again when it is needed, so memory stays flat
/// for files of any length.
/// </summary>
public sealed class AuditConversations
{
    // where each conversation is: a line's start (length -1: read to the end of the line) or an array element's bytes
    private readonly List<(string Id, long Offset, int Line, int Length)> _index;
    private readonly Dictionary<string, (string Id, long Offset, int Line, int Length)> _byId;

    private AuditConversations(string path, List<(string, long, int, int)> index, IReadOnlyList<string> skipped, string hash, bool jsonLines)
    {
        Path = path;
        _index = index;
        _byId = index.ToDictionary(i => i.Item1, StringComparer.Ordinal);
        Skipped = skipped;
        Hash = hash;
        _jsonLines = jsonLines;
    }

    private readonly bool _jsonLines;

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The conversations' ids in file order.</summary>
    public IReadOnlyList<string> Ids => [.. _index.Select(i => i.Id)];

    /// <summary>The bad lines that were skipped (<c>--skip-bad</c>), each as <c>FILE:LINE: why</c>.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>SHA-256 of the file's bytes.</summary>
    public string Hash { get; }

    /// <summary>Reads and checks the file. A bad conversation is an <see cref="InputException"/> naming the line, unless <paramref name="skipBad"/>.</summary>
    public static AuditConversations Load(string path, bool skipBad)
    {
        if (Directory.Exists(path)) throw new InputException($"{path}: is a folder; give a JSON Lines file of conversations");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{path}: file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read: {ex.Message}");
        }
        using (stream)
        {
            int first = stream.ReadByte();
            while (first is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF) first = stream.ReadByte();
            stream.Position = 0;
            return first == '[' ? LoadArray(path, stream, skipBad) : LoadLines(path, stream, skipBad);
        }
    }

    private static AuditConversations LoadLines(string path, FileStream stream, bool skipBad)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var index = new List<(string, long, int, int)>();
        var skipped = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        long offset = 0;
        int lineNo = 0;
        foreach (var (read, start) in Lines(stream, sha))
        {
            var line = read;
            lineNo++;
            offset = start;
            if (lineNo == 1 && line.AsSpan().StartsWith(Bom))
            {
                line = line[Bom.Length..]; // a byte order mark (Windows editors write one) is not part of the first conversation
                offset += Bom.Length;
            }
            if (line.Length == 0 || line.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r')) continue;
            string where = $"{path}:{lineNo}";
            try
            {
                using var doc = JsonDocument.Parse(line);
                var id = Check(doc.RootElement, where);
                if (seen.TryGetValue(id, out var earlier)) throw new InputException($"{where}: conversation id \"{id}\" was already used on line {earlier}");
                seen[id] = lineNo;
                index.Add((id, offset, lineNo, -1));
            }
            catch (Exception ex) when (ex is JsonException or InputException)
            {
                var message = ex is InputException ie ? ie.Message : $"{where}: not a valid JSON object";
                if (!skipBad) throw new InputException(message + " (use --skip-bad to skip bad lines)");
                skipped.Add(message);
            }
        }
        if (index.Count == 0) throw new InputException($"{path}: no conversations to audit");
        return new AuditConversations(path, index, skipped, Convert.ToHexStringLower(sha.GetHashAndReset()), jsonLines: true);
    }

    private static AuditConversations LoadArray(string path, FileStream stream, bool skipBad)
    {
        // A JSON array file is small enough to read whole (it cannot be streamed line by line anyway).
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes.AsMemory(bytes.AsSpan().StartsWith(Bom) ? Bom.Length : 0));
        }
        catch (JsonException ex)
        {
            throw new InputException($"{path}:{(ex.LineNumber ?? 0) + 1}: not valid JSON");
        }
        using (doc)
        {
            var spans = ElementSpans(bytes);
            var index = new List<(string, long, int, int)>();
            var skipped = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int i = 0;
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                string where = $"{path}: conversation {i + 1}";
                try
                {
                    var id = Check(e, where);
                    if (!seen.Add(id)) throw new InputException($"{where}: conversation id \"{id}\" was already used");
                    index.Add((id, spans[i].Start, i + 1, spans[i].Length));
                }
                catch (InputException ex)
                {
                    if (!skipBad) throw new InputException(ex.Message + " (use --skip-bad to skip bad conversations)");
                    skipped.Add(ex.Message);
                }
                i++;
            }
            if (index.Count == 0) throw new InputException($"{path}: no conversations to audit");
            return new AuditConversations(path, index, skipped, Convert.ToHexStringLower(SHA256.HashData(bytes)), jsonLines: false);
        }
    }

    // The byte range of every element of a top-level JSON array (already checked to parse), so that a conversation is
    // read again by itself rather than by parsing the whole file once per conversation.
    private static List<(long Start, int Length)> ElementSpans(byte[] bytes)
    {
        int bom = bytes.AsSpan().StartsWith(Bom) ? Bom.Length : 0;
        var reader = new Utf8JsonReader(bytes.AsSpan(bom));
        var spans = new List<(long, int)>();
        reader.Read(); // [
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            long start = reader.TokenStartIndex;
            reader.Skip();
            spans.Add((bom + start, (int)(reader.BytesConsumed - start)));
        }
        return spans;
    }

    private static ReadOnlySpan<byte> Bom => "\uFEFF"u8;

    private static IEnumerable<(byte[] Line, long Start)> Lines(Stream stream, IncrementalHash sha)
    {
        var buffer = new byte[1 << 16];
        var line = new MemoryStream();
        long position = 0, start = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            for (int i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    yield return (line.ToArray(), start);
                    line.SetLength(0);
                    start = position + i + 1;
                }
                else line.WriteByte(buffer[i]);
            }
            position += read;
        }
        if (line.Length > 0) yield return (line.ToArray(), start);
    }

    private static string Check(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new InputException($"{where}: expected an object {{\"id\", \"messages\"}}");
        if (!e.TryGetProperty("id", out var idEl) || idEl.ValueKind is not (JsonValueKind.String or JsonValueKind.Number)) throw new InputException($"{where}: missing \"id\" (a string)");
        var id = idEl.ValueKind == JsonValueKind.String ? idEl.GetString()! : idEl.GetRawText();
        if (id.Length == 0) throw new InputException($"{where}: \"id\" is empty");
        if (!e.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array) throw new InputException($"{where}: missing \"messages\" (a list of {{\"role\", \"content\"}})");
        int assistant = 0, n = 0;
        foreach (var m in messages.EnumerateArray())
        {
            n++;
            if (m.ValueKind != JsonValueKind.Object || !m.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                throw new InputException($"{where}: message {n} has no \"role\"");
            }
            if (role.GetString() is not ("system" or "user" or "assistant")) throw new InputException($"{where}: message {n} has role \"{role.GetString()}\" (expected system, user or assistant)");
            if (!m.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String) throw new InputException($"{where}: message {n} has no text \"content\"");
            if (role.GetString() == "assistant") assistant++;
        }
        if (assistant == 0) throw new InputException($"{where}: no assistant message to audit");
        return id;
    }

    /// <summary>The messages of a conversation (system messages left out: the judge reads what the user and the assistant said).</summary>
    public IReadOnlyList<SpiralMessage> Read(string id)
    {
        var entry = _byId[id];
        JsonDocument doc;
        using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            stream.Position = entry.Offset;
            if (_jsonLines)
            {
                using var reader = new StreamReader(stream, Encoding.UTF8);
                doc = JsonDocument.Parse(reader.ReadLine() ?? "");
            }
            else
            {
                var element = new byte[entry.Length];
                stream.ReadExactly(element);
                doc = JsonDocument.Parse(element);
            }
        }
        var root = doc.RootElement;
        using (doc)
        {
            var list = new List<SpiralMessage>();
            foreach (var m in root.GetProperty("messages").EnumerateArray())
            {
                var role = m.GetProperty("role").GetString();
                var content = m.GetProperty("content").GetString()!;
                if (role == "user") list.Add(SpiralMessage.User(content));
                else if (role == "assistant") list.Add(SpiralMessage.Assistant(content));
            }
            return list;
        }
    }

    /// <summary>
    /// The chunks of an audited conversation: every assistant reply that follows a user message is judged, the first one
    /// included (Spiral-Bench leaves a seed's first reply to the final judge; in a real conversation the first reply
    /// matters as much as any other).
    /// </summary>
    public static IReadOnlyList<SpiralChunk> Chunks(IReadOnlyList<SpiralMessage> transcript, int assistantMaxChars = 20000)
    {
        // The reference chunker starts after the opening message; giving it a copy of the first user message as the
        // opening makes the first exchange the first chunk.
        var firstUser = transcript.FirstOrDefault(m => m.Role == ChatRole.User);
        if (firstUser is null) return [];
        var primed = new List<SpiralMessage> { firstUser };
        primed.AddRange(transcript.SkipWhile(m => m.Role != ChatRole.User));
        return SpiralChunkJudge.Chunks(primed, 1, assistantMaxChars);
    }
}
