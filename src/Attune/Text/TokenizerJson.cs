using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Attune.Text;

/// <summary>
/// Reads a Hugging Face fast-tokenizer file (<c>tokenizer.json</c>) into a <see cref="SequenceEncoder"/>: WordPiece
/// models become a <see cref="BertTokenizer"/> (lower-casing and accent stripping from the normalizer), byte-level
/// BPE models a <see cref="BpeTokenizer"/> (GPT-2 splitting, or the file's own <c>Split</c> pattern); the special
/// tokens around a sequence come from the post-processor, or else from the added tokens.
/// </summary>
internal static class TokenizerJson
{
    /// <summary>Reads a <c>tokenizer.json</c>.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The encoder.</returns>
    /// <exception cref="InputException">The file is not JSON, or its model or normalizer is not supported.</exception>
    public static SequenceEncoder Read(string path)
    {
        JsonDocument document;
        try
        {
            using FileStream stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: not valid JSON ({TextLines.OneLine(e.Message)}).", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !TryGetObject(root, "model", out JsonElement model))
            {
                throw new InputException($"{path}: no \"model\" object (not a Hugging Face tokenizer.json?).");
            }

            string type = GetString(model, "type") ?? (model.TryGetProperty("merges", out _) ? "BPE" : "WordPiece");
            Dictionary<string, int> vocabulary = ReadVocabulary(path, model);
            Dictionary<string, int> addedTokens = ReadAddedTokens(root, vocabulary);
            (int[] prefix, int[] suffix) = ReadSpecialSequence(path, root, addedTokens, vocabulary);
            int? padId = ReadPadId(root, vocabulary);
            return type switch
            {
                "WordPiece" => ReadWordPiece(path, root, model, vocabulary, addedTokens, prefix, suffix, padId),
                "BPE" => ReadByteLevelBpe(path, root, model, vocabulary, addedTokens, prefix, suffix, padId),
                _ => throw new InputException(
                    $"{path}: tokenizer model type '{type}' is not supported (supported: WordPiece and byte-level BPE)."),
            };
        }
    }

    private static SequenceEncoder ReadWordPiece(
        string path, JsonElement root, JsonElement model, Dictionary<string, int> vocabulary, Dictionary<string, int> addedTokens,
        int[] prefix, int[] suffix, int? padId)
    {
        (bool lowerCase, bool stripAccents, bool cjk) = ReadBertNormalization(path, root);
        string unknown = GetString(model, "unk_token") ?? "[UNK]";
        if (!vocabulary.ContainsKey(unknown))
        {
            throw new InputException($"{path}: the WordPiece vocabulary has no unknown token '{unknown}'.");
        }

        // BertTokenizer wants these five tokens to exist; where the vocabulary lacks one, any present token stands in
        // (the sequence's special tokens are added here from the post-processor, never by BertTokenizer).
        string Present(string token) => vocabulary.ContainsKey(token) ? token : unknown;
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = stripAccents,
            IndividuallyTokenizeCjk = cjk,
            UnknownToken = unknown,
            ContinuingSubwordPrefix = GetString(model, "continuing_subword_prefix") ?? "##",
            MaxInputCharsPerWord = model.TryGetProperty("max_input_chars_per_word", out JsonElement max) && max.TryGetInt32(out int m) && m > 0 ? m : 100,
            ClassificationToken = Present("[CLS]"),
            SeparatorToken = Present("[SEP]"),
            PaddingToken = Present("[PAD]"),
            MaskingToken = Present("[MASK]"),
        };

        var special = addedTokens.Where(t => vocabulary.TryGetValue(t.Key, out int id) && id == t.Value).ToDictionary(StringComparer.Ordinal);
        foreach (string token in new[] { options.UnknownToken, options.ClassificationToken, options.SeparatorToken, options.PaddingToken, options.MaskingToken })
        {
            special.TryAdd(token, vocabulary[token]);
        }

        options.SpecialTokens = special;
        BertTokenizer tokenizer = SequenceEncoder.CreateBert(path, VocabularyLines(vocabulary), options);
        return new SequenceEncoder(
            tokenizer, prefix, suffix, padId, addPrefixSpace: false, stripAccents,
            $"{SequenceEncoder.TokenizerJsonFile} (WordPiece{(lowerCase ? ", lower-cased" : "")})");
    }

    private static SequenceEncoder ReadByteLevelBpe(
        string path, JsonElement root, JsonElement model, Dictionary<string, int> vocabulary, Dictionary<string, int> addedTokens,
        int[] prefix, int[] suffix, int? padId)
    {
        (bool byteLevel, bool addPrefixSpace, Regex? split) = ReadByteLevelPreTokenizer(path, root);
        if (!byteLevel)
        {
            throw new InputException(
                $"{path}: BPE without a ByteLevel pre-tokenizer is not supported (supported: WordPiece and byte-level BPE).");
        }

        if (!string.IsNullOrEmpty(GetString(model, "continuing_subword_prefix")) || !string.IsNullOrEmpty(GetString(model, "end_of_word_suffix")))
        {
            throw new InputException($"{path}: byte-level BPE with a continuing_subword_prefix or end_of_word_suffix is not supported.");
        }

        List<string> merges = ReadMerges(path, model);
        Normalizer? normalizer = ReadTextNormalizer(path, root);
        BpeTokenizer tokenizer = SequenceEncoder.CreateByteLevelBpe(
            path, vocabulary, merges, addedTokens, split ?? SequenceEncoder.ByteLevelSplit(), normalizer, GetString(model, "unk_token"));
        return new SequenceEncoder(
            tokenizer, prefix, suffix, padId, addPrefixSpace, stripAccents: false,
            $"{SequenceEncoder.TokenizerJsonFile} (byte-level BPE)");
    }

    private static Dictionary<string, int> ReadVocabulary(string path, JsonElement model)
    {
        if (!TryGetObject(model, "vocab", out JsonElement vocab))
        {
            throw new InputException($"{path}: model.vocab must be an object mapping tokens to ids.");
        }

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (JsonProperty entry in vocab.EnumerateObject())
        {
            if (!entry.Value.TryGetInt32(out int id) || id < 0)
            {
                throw new InputException($"{path}: model.vocab gives token '{entry.Name}' the id {entry.Value.GetRawText()}, not a non-negative integer.");
            }

            vocabulary[entry.Name] = id;
        }

        if (vocabulary.Count == 0)
        {
            throw new InputException($"{path}: model.vocab is empty.");
        }

        return vocabulary;
    }

    /// <summary>The vocabulary as vocab.txt lines (id = line number); ids the file skips get unique filler tokens.</summary>
    private static IEnumerable<string> VocabularyLines(Dictionary<string, int> vocabulary)
    {
        var byId = new Dictionary<int, string>(vocabulary.Count);
        foreach ((string token, int id) in vocabulary)
        {
            // A token with a line break cannot be a vocab.txt line, and no text can produce it after BERT splitting.
            if (!token.Contains('\n', StringComparison.Ordinal) && !token.Contains('\r', StringComparison.Ordinal))
            {
                byId.TryAdd(id, token);
            }
        }

        int last = byId.Keys.Max();
        for (int id = 0; id <= last; id++)
        {
            yield return byId.TryGetValue(id, out string? token) ? token : $"[attune-unused-{id}]";
        }
    }

    private static List<string> ReadMerges(string path, JsonElement model)
    {
        var merges = new List<string>();
        if (!model.TryGetProperty("merges", out JsonElement array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new InputException($"{path}: model.merges must be a list of merges.");
        }

        foreach (JsonElement merge in array.EnumerateArray())
        {
            // Older files write "a b", newer ones ["a", "b"].
            if (merge.ValueKind == JsonValueKind.String)
            {
                merges.Add(merge.GetString()!);
            }
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                     && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
            {
                merges.Add($"{merge[0].GetString()} {merge[1].GetString()}");
            }
            else
            {
                throw new InputException($"{path}: model.merges entry {merge.GetRawText()} is neither \"a b\" nor [\"a\", \"b\"].");
            }
        }

        return merges;
    }

    /// <summary>The added tokens (content to id); those marked special, and any whose content is a vocabulary token.</summary>
    private static Dictionary<string, int> ReadAddedTokens(JsonElement root, Dictionary<string, int> vocabulary)
    {
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("added_tokens", out JsonElement array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement token in array.EnumerateArray())
            {
                string? content = GetString(token, "content");
                if (!string.IsNullOrEmpty(content) && token.TryGetProperty("id", out JsonElement id) && id.TryGetInt32(out int value))
                {
                    added[content] = value;
                    vocabulary.TryAdd(content, value);
                }
            }
        }

        return added;
    }

    private static (int[] Prefix, int[] Suffix) ReadSpecialSequence(
        string path, JsonElement root, Dictionary<string, int> addedTokens, Dictionary<string, int> vocabulary)
    {
        if (root.TryGetProperty("post_processor", out JsonElement processor) && processor.ValueKind == JsonValueKind.Object)
        {
            return ReadProcessor(path, processor, vocabulary) ?? ([], []);
        }

        // No post-processor: fall back on the conventional pairs among the added tokens.
        foreach ((string first, string last) in new[] { ("[CLS]", "[SEP]"), ("<s>", "</s>") })
        {
            if (addedTokens.TryGetValue(first, out int a) && addedTokens.TryGetValue(last, out int b))
            {
                return ([a], [b]);
            }
        }

        return ([], []);
    }

    private static (int[] Prefix, int[] Suffix)? ReadProcessor(string path, JsonElement processor, Dictionary<string, int> vocabulary)
    {
        switch (GetString(processor, "type"))
        {
            case "BertProcessing":
            case "RobertaProcessing":
                return ([ReadPairId(path, processor, "cls", vocabulary)], [ReadPairId(path, processor, "sep", vocabulary)]);

            case "TemplateProcessing":
                return ReadTemplate(path, processor, vocabulary);

            case "Sequence":
                if (processor.TryGetProperty("processors", out JsonElement processors) && processors.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement inner in processors.EnumerateArray())
                    {
                        if (ReadProcessor(path, inner, vocabulary) is { } found)
                        {
                            return found;
                        }
                    }
                }

                return null;

            default:
                // ByteLevel and other processors add no tokens.
                return null;
        }
    }

    private static int ReadPairId(string path, JsonElement processor, string name, Dictionary<string, int> vocabulary)
    {
        // "cls": ["[CLS]", 101]
        if (processor.TryGetProperty(name, out JsonElement pair) && pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2)
        {
            if (pair[1].TryGetInt32(out int id))
            {
                return id;
            }

            if (pair[0].ValueKind == JsonValueKind.String && vocabulary.TryGetValue(pair[0].GetString()!, out id))
            {
                return id;
            }
        }

        throw new InputException($"{path}: post_processor.{name} must be [token, id].");
    }

    private static (int[] Prefix, int[] Suffix) ReadTemplate(string path, JsonElement processor, Dictionary<string, int> vocabulary)
    {
        if (!processor.TryGetProperty("single", out JsonElement single) || single.ValueKind != JsonValueKind.Array)
        {
            throw new InputException($"{path}: post_processor (TemplateProcessing) has no \"single\" template.");
        }

        var prefix = new List<int>();
        var suffix = new List<int>();
        bool seenSequence = false;
        foreach (JsonElement piece in single.EnumerateArray())
        {
            if (piece.TryGetProperty("Sequence", out _))
            {
                seenSequence = true;
                continue;
            }

            string? token = piece.TryGetProperty("SpecialToken", out JsonElement special) ? GetString(special, "id") : null;
            if (token is null)
            {
                throw new InputException($"{path}: post_processor template piece {piece.GetRawText()} is neither a Sequence nor a SpecialToken.");
            }

            (seenSequence ? suffix : prefix).AddRange(SpecialTokenIds(path, processor, token, vocabulary));
        }

        return (prefix.ToArray(), suffix.ToArray());
    }

    private static IEnumerable<int> SpecialTokenIds(string path, JsonElement processor, string token, Dictionary<string, int> vocabulary)
    {
        if (TryGetObject(processor, "special_tokens", out JsonElement specials)
            && specials.TryGetProperty(token, out JsonElement entry)
            && entry.TryGetProperty("ids", out JsonElement ids)
            && ids.ValueKind == JsonValueKind.Array)
        {
            return ids.EnumerateArray().Select(id => id.GetInt32()).ToArray();
        }

        return vocabulary.TryGetValue(token, out int value)
            ? [value]
            : throw new InputException($"{path}: post_processor uses special token '{token}', which has no id.");
    }

    private static int? ReadPadId(JsonElement root, Dictionary<string, int> vocabulary)
    {
        if (TryGetObject(root, "padding", out JsonElement padding) && padding.TryGetProperty("pad_id", out JsonElement padId) && padId.TryGetInt32(out int id))
        {
            return id;
        }

        foreach (string token in new[] { "[PAD]", "<pad>" })
        {
            if (vocabulary.TryGetValue(token, out id))
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>Lower-casing, accent stripping and CJK splitting of a WordPiece file's normalizer.</summary>
    private static (bool LowerCase, bool StripAccents, bool Cjk) ReadBertNormalization(string path, JsonElement root)
    {
        if (!root.TryGetProperty("normalizer", out JsonElement normalizer) || normalizer.ValueKind != JsonValueKind.Object)
        {
            return (false, false, true);
        }

        bool lowerCase = false;
        bool? stripAccents = null;
        bool cjk = true;
        foreach (JsonElement step in Steps(normalizer))
        {
            switch (GetString(step, "type"))
            {
                case "BertNormalizer":
                    lowerCase = GetBool(step, "lowercase") ?? true;
                    stripAccents = GetBool(step, "strip_accents") ?? stripAccents;
                    cjk = GetBool(step, "handle_chinese_chars") ?? true;
                    break;
                case "Lowercase":
                    lowerCase = true;
                    break;
                case "StripAccents":
                    stripAccents = true;
                    break;
                case "NFD" or "NFC" or "NFKD" or "NFKC" or "Strip":
                    break;
                case var other:
                    throw new InputException($"{path}: normalizer '{other}' is not supported for a WordPiece tokenizer.");
            }
        }

        // As in BertNormalizer: accents are stripped when lower-casing unless strip_accents says otherwise.
        return (lowerCase, stripAccents ?? lowerCase, cjk);
    }

    private static Normalizer? ReadTextNormalizer(string path, JsonElement root)
    {
        if (!root.TryGetProperty("normalizer", out JsonElement normalizer) || normalizer.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var steps = new List<TextNormalizer.Step>();
        foreach (JsonElement step in Steps(normalizer))
        {
            steps.Add(GetString(step, "type") switch
            {
                "Lowercase" => TextNormalizer.Step.LowerCase,
                "NFC" => TextNormalizer.Step.Nfc,
                "NFD" => TextNormalizer.Step.Nfd,
                "NFKC" => TextNormalizer.Step.Nfkc,
                "NFKD" => TextNormalizer.Step.Nfkd,
                "StripAccents" => TextNormalizer.Step.StripAccents,
                var other => throw new InputException(
                    $"{path}: normalizer '{other}' is not supported (supported: Lowercase, NFC, NFD, NFKC, NFKD, StripAccents, Sequence)."),
            });
        }

        return steps.Count == 0 ? null : new TextNormalizer(steps);
    }

    /// <summary>Whether the pre-tokenizer is byte-level, whether it adds a prefix space, and its own split pattern if any.</summary>
    private static (bool ByteLevel, bool AddPrefixSpace, Regex? Split) ReadByteLevelPreTokenizer(string path, JsonElement root)
    {
        bool byteLevel = false;
        bool addPrefixSpace = false;
        Regex? split = null;
        if (root.TryGetProperty("pre_tokenizer", out JsonElement preTokenizer) && preTokenizer.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonElement step in Steps(preTokenizer, "pretokenizers"))
            {
                switch (GetString(step, "type"))
                {
                    case "ByteLevel":
                        byteLevel = true;
                        addPrefixSpace = GetBool(step, "add_prefix_space") ?? false;
                        if ((GetBool(step, "use_regex") ?? true) && split is null)
                        {
                            split = SequenceEncoder.ByteLevelSplit();
                        }

                        break;
                    case "Split" when split is null:
                        split = ReadSplitPattern(path, step);
                        break;
                    case var other:
                        throw new InputException($"{path}: pre-tokenizer '{other}' is not supported with byte-level BPE.");
                }
            }
        }

        // Some files leave the pre-tokenizer out and only name the ByteLevel decoder.
        if (!byteLevel && TryGetObject(root, "decoder", out JsonElement decoder) && GetString(decoder, "type") == "ByteLevel")
        {
            byteLevel = true;
        }

        return (byteLevel, addPrefixSpace, split);
    }

    private static Regex ReadSplitPattern(string path, JsonElement step)
    {
        if (TryGetObject(step, "pattern", out JsonElement pattern))
        {
            try
            {
                if (GetString(pattern, "Regex") is { } regex)
                {
                    return new Regex(regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10));
                }

                if (GetString(pattern, "String") is { } literal)
                {
                    return new Regex(Regex.Escape(literal), RegexOptions.CultureInvariant);
                }
            }
            catch (ArgumentException e)
            {
                throw new InputException($"{path}: pre-tokenizer Split pattern is not a .NET regular expression ({TextLines.OneLine(e.Message)}).", e);
            }
        }

        throw new InputException($"{path}: pre-tokenizer Split has no Regex or String pattern.");
    }

    /// <summary>The steps of a normalizer or pre-tokenizer: its own list when it is a Sequence, else itself.</summary>
    private static IEnumerable<JsonElement> Steps(JsonElement element, string listName = "normalizers")
    {
        if (GetString(element, "type") == "Sequence" && element.TryGetProperty(listName, out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            return list.EnumerateArray().SelectMany(e => Steps(e, listName)).ToArray();
        }

        return [element];
    }

    private static bool TryGetObject(JsonElement element, string name, out JsonElement value) =>
        element.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object;

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static bool? GetBool(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;
}
