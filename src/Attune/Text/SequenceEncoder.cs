using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Attune.Text;

/// <summary>
/// Turns a text into the token ids of one model input: the tokenizer's ids, truncated to fit, between the model's
/// special tokens (e.g. <c>[CLS] … [SEP]</c> or <c>&lt;s&gt; … &lt;/s&gt;</c>). Thread-safe.
/// </summary>
internal sealed partial class SequenceEncoder
{
    /// <summary>A Hugging Face fast-tokenizer file.</summary>
    public const string TokenizerJsonFile = "tokenizer.json";

    /// <summary>A WordPiece (BERT) vocabulary, one token per line.</summary>
    public const string VocabTxtFile = "vocab.txt";

    /// <summary>A byte-level BPE vocabulary (JSON object of token to id), used with <see cref="MergesFile"/>.</summary>
    public const string VocabJsonFile = "vocab.json";

    /// <summary>The BPE merges of <see cref="VocabJsonFile"/>, one pair per line.</summary>
    public const string MergesFile = "merges.txt";

    /// <summary>Optional tokenizer settings (lower-casing, special tokens) beside <see cref="VocabTxtFile"/> or <see cref="VocabJsonFile"/>.</summary>
    public const string TokenizerConfigFile = "tokenizer_config.json";

    private readonly int[] _prefix;
    private readonly int[] _suffix;

    /// <summary>Creates an encoder.</summary>
    /// <param name="tokenizer">The tokenizer; it must not add special tokens itself.</param>
    /// <param name="prefix">Special token ids put before the text's ids.</param>
    /// <param name="suffix">Special token ids put after the text's ids.</param>
    /// <param name="padId">The padding token id, or null when the tokenizer names none.</param>
    /// <param name="addPrefixSpace">Whether to put a space before a text that does not start with one (byte-level BPE).</param>
    /// <param name="stripAccents">Whether to strip accents first (uncased BERT), which <see cref="AccentFolding"/> does even where the platform cannot decompose.</param>
    /// <param name="description">Which file and kind of tokenizer this is, e.g. <c>tokenizer.json (WordPiece)</c>.</param>
    public SequenceEncoder(
        Tokenizer tokenizer, IEnumerable<int> prefix, IEnumerable<int> suffix, int? padId, bool addPrefixSpace, bool stripAccents, string description)
    {
        Tokenizer = tokenizer;
        _prefix = prefix.ToArray();
        _suffix = suffix.ToArray();
        PadId = padId;
        AddPrefixSpace = addPrefixSpace;
        StripAccents = stripAccents;
        Description = description;
    }

    /// <summary>The underlying tokenizer.</summary>
    public Tokenizer Tokenizer { get; }

    /// <summary>Special token ids put before the text's ids.</summary>
    public IReadOnlyList<int> Prefix => _prefix;

    /// <summary>Special token ids put after the text's ids.</summary>
    public IReadOnlyList<int> Suffix => _suffix;

    /// <summary>The number of special tokens around every sequence.</summary>
    public int SpecialTokenCount => _prefix.Length + _suffix.Length;

    /// <summary>The padding token id, or null when the tokenizer names none.</summary>
    public int? PadId { get; }

    /// <summary>Whether a space is put before a text that does not start with one.</summary>
    public bool AddPrefixSpace { get; }

    /// <summary>Whether accents are stripped before tokenizing.</summary>
    public bool StripAccents { get; }

    /// <summary>Which file and kind of tokenizer this is.</summary>
    public string Description { get; }

    /// <summary>Encodes a text: the special prefix, at most <paramref name="maxTokens"/> minus the special tokens of the text's ids, then the special suffix.</summary>
    /// <param name="text">The text (may be empty: the result is then only the special tokens).</param>
    /// <param name="maxTokens">The maximum sequence length, special tokens included.</param>
    /// <returns>The token ids.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTokens"/> leaves no room for the text.</exception>
    public int[] Encode(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        int room = maxTokens - SpecialTokenCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(room, 1, nameof(maxTokens));
        string input = StripAccents ? AccentFolding.StripAccents(text) : text;
        input = AddPrefixSpace && input.Length > 0 && input[0] != ' ' ? " " + input : input;
        IReadOnlyList<int> ids = input.Length == 0
            ? []
            : Tokenizer is BertTokenizer bert
                ? bert.EncodeToIds(input, room, addSpecialTokens: false, out _, out _)
                : Tokenizer.EncodeToIds(input, room, out _, out _);
        int count = Math.Min(ids.Count, room);
        var sequence = new int[_prefix.Length + count + _suffix.Length];
        _prefix.CopyTo(sequence, 0);
        for (int i = 0; i < count; i++)
        {
            sequence[_prefix.Length + i] = ids[i];
        }

        _suffix.CopyTo(sequence, _prefix.Length + count);
        return sequence;
    }

    /// <summary>
    /// Loads the tokenizer of a model folder: <c>tokenizer.json</c> when present, else <c>vocab.txt</c> (WordPiece), else
    /// <c>vocab.json</c> with <c>merges.txt</c> (byte-level BPE); <c>tokenizer_config.json</c> refines the last two.
    /// </summary>
    /// <param name="directory">The model folder.</param>
    /// <returns>The encoder.</returns>
    /// <exception cref="InputException">No tokenizer file is there, or the one found is malformed or unsupported.</exception>
    public static SequenceEncoder Load(string directory)
    {
        string tokenizerJson = Path.Combine(directory, TokenizerJsonFile);
        if (File.Exists(tokenizerJson))
        {
            return TokenizerJson.Read(tokenizerJson);
        }

        string vocabTxt = Path.Combine(directory, VocabTxtFile);
        if (File.Exists(vocabTxt))
        {
            return LoadWordPiece(vocabTxt, ReadTokenizerConfig(directory));
        }

        string vocabJson = Path.Combine(directory, VocabJsonFile);
        if (File.Exists(vocabJson))
        {
            string merges = Path.Combine(directory, MergesFile);
            if (!File.Exists(merges))
            {
                throw new InputException($"{merges}: file not found (a byte-level BPE tokenizer needs merges.txt beside vocab.json).");
            }

            return LoadByteLevelBpe(vocabJson, merges, ReadTokenizerConfig(directory));
        }

        throw new InputException(
            $"{Path.Combine(directory, TokenizerJsonFile)}: no tokenizer found (expected tokenizer.json, vocab.txt, or vocab.json with merges.txt in {directory}).");
    }

    /// <summary>
    /// The GPT-2 pre-tokenization pattern that byte-level BPE tokenizers (GPT-2, RoBERTa and their descendants) split
    /// a text with before the byte-to-character mapping.
    /// </summary>
    /// <returns>The regular expression.</returns>
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    internal static partial Regex ByteLevelSplit();

    /// <summary>Creates a BERT-style WordPiece tokenizer from vocabulary lines (one token per line, id = line number).</summary>
    internal static BertTokenizer CreateBert(string path, IEnumerable<string> vocabularyLines, BertOptions options)
    {
        var builder = new StringBuilder();
        foreach (string line in vocabularyLines)
        {
            builder.Append(line).Append('\n');
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(builder.ToString()));
        try
        {
            return BertTokenizer.Create(stream, options);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new InputException($"{path}: cannot build a WordPiece tokenizer ({TextLines.OneLine(e.Message)}).", e);
        }
    }

    /// <summary>Creates a byte-level BPE tokenizer (GPT-2 pre-tokenization, no special tokens added by the tokenizer itself).</summary>
    internal static BpeTokenizer CreateByteLevelBpe(
        string path,
        IReadOnlyDictionary<string, int> vocabulary,
        IEnumerable<string> merges,
        IReadOnlyDictionary<string, int> specialTokens,
        Regex split,
        Normalizer? normalizer,
        string? unknownToken)
    {
        var options = new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(split, specialTokens.Count == 0 ? null : specialTokens),
            SpecialTokens = specialTokens.Count == 0 ? null : specialTokens.ToDictionary(),
            Normalizer = normalizer,
            UnknownToken = unknownToken is not null && vocabulary.ContainsKey(unknownToken) ? unknownToken : null,
        };

        try
        {
            return BpeTokenizer.Create(options);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new InputException($"{path}: cannot build a byte-level BPE tokenizer ({TextLines.OneLine(e.Message)}).", e);
        }
    }

    private static SequenceEncoder LoadWordPiece(string path, TokenizerSettings settings)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException e)
        {
            throw new InputException($"{path}: cannot read ({TextLines.OneLine(e.Message)}).", e);
        }

        var vocabulary = new Dictionary<string, int>(lines.Length, StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            vocabulary.TryAdd(lines[i], i);
        }

        bool lowerCase = settings.GetBool("do_lower_case") ?? true;
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = settings.GetBool("strip_accents") ?? lowerCase,
            IndividuallyTokenizeCjk = settings.GetBool("tokenize_chinese_chars") ?? true,
            UnknownToken = settings.GetToken("unk_token") ?? "[UNK]",
            SeparatorToken = settings.GetToken("sep_token") ?? "[SEP]",
            PaddingToken = settings.GetToken("pad_token") ?? "[PAD]",
            ClassificationToken = settings.GetToken("cls_token") ?? "[CLS]",
            MaskingToken = settings.GetToken("mask_token") ?? "[MASK]",
        };

        foreach (string token in new[] { options.UnknownToken, options.SeparatorToken, options.PaddingToken, options.ClassificationToken, options.MaskingToken })
        {
            if (!vocabulary.ContainsKey(token))
            {
                throw new InputException($"{path}: the vocabulary has no '{token}' token (a BERT WordPiece vocabulary needs [UNK], [SEP], [PAD], [CLS] and [MASK]).");
            }
        }

        BertTokenizer tokenizer = CreateBert(path, lines, options);
        return new SequenceEncoder(
            tokenizer,
            [tokenizer.ClassificationTokenId],
            [tokenizer.SeparatorTokenId],
            tokenizer.PaddingTokenId,
            addPrefixSpace: false,
            options.RemoveNonSpacingMarks,
            $"{VocabTxtFile} (WordPiece{(lowerCase ? ", lower-cased" : "")})");
    }

    private static SequenceEncoder LoadByteLevelBpe(string vocabPath, string mergesPath, TokenizerSettings settings)
    {
        Dictionary<string, int> vocabulary;
        try
        {
            using FileStream stream = File.OpenRead(vocabPath);
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(stream)
                ?? throw new InputException($"{vocabPath}: expected a JSON object mapping tokens to ids, not null.");
        }
        catch (JsonException e)
        {
            throw new InputException($"{vocabPath}: expected a JSON object mapping tokens to ids ({TextLines.OneLine(e.Message)}).", e);
        }

        List<string> merges = [];
        foreach (string line in File.ReadLines(mergesPath))
        {
            string merge = line.TrimEnd('\r');
            if (merge.Length == 0 || merge.StartsWith("#version", StringComparison.Ordinal))
            {
                continue;
            }

            merges.Add(merge);
        }

        string? cls = settings.GetToken("cls_token") ?? "<s>";
        string? sep = settings.GetToken("sep_token") ?? "</s>";
        bool hasSpecials = vocabulary.ContainsKey(cls) && vocabulary.ContainsKey(sep);
        string? pad = settings.GetToken("pad_token") ?? "<pad>";
        string? unknown = settings.GetToken("unk_token") ?? "<unk>";
        var specialTokens = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string? token in new[] { cls, sep, pad, unknown, settings.GetToken("mask_token") ?? "<mask>", settings.GetToken("bos_token"), settings.GetToken("eos_token") })
        {
            if (token is not null && vocabulary.TryGetValue(token, out int id))
            {
                specialTokens[token] = id;
            }
        }

        bool addPrefixSpace = settings.GetBool("add_prefix_space") ?? false;
        BpeTokenizer tokenizer = CreateByteLevelBpe(vocabPath, vocabulary, merges, specialTokens, ByteLevelSplit(), normalizer: null, unknown);
        return new SequenceEncoder(
            tokenizer,
            hasSpecials ? [vocabulary[cls]] : [],
            hasSpecials ? [vocabulary[sep]] : [],
            vocabulary.TryGetValue(pad, out int padId) ? padId : null,
            addPrefixSpace,
            stripAccents: false,
            $"{VocabJsonFile} + {MergesFile} (byte-level BPE)");
    }

    private static TokenizerSettings ReadTokenizerConfig(string directory)
    {
        string path = Path.Combine(directory, TokenizerConfigFile);
        if (!File.Exists(path))
        {
            return TokenizerSettings.None;
        }

        try
        {
            using FileStream stream = File.OpenRead(path);
            using JsonDocument document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new TokenizerSettings(document.RootElement.Clone())
                : throw new InputException($"{path}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: not valid JSON ({TextLines.OneLine(e.Message)}).", e);
        }
    }

    /// <summary>The few settings read from <c>tokenizer_config.json</c>.</summary>
    private readonly struct TokenizerSettings(JsonElement? root)
    {
        public static TokenizerSettings None => new(null);

        public bool? GetBool(string name) =>
            root is { } r && r.TryGetProperty(name, out JsonElement value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? value.GetBoolean()
                : null;

        /// <summary>A special token, written either as a string or as an added-token object with <c>content</c>.</summary>
        public string? GetToken(string name)
        {
            if (root is not { } r || !r.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("content", out JsonElement content))
            {
                value = content;
            }

            return value.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(value.GetString()) ? value.GetString() : null;
        }
    }
}
