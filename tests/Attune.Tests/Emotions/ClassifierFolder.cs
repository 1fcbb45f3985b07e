using Attune.Text;
using System.Text.Json;

namespace Attune.Tests.Emotions;

/// <summary>
/// A temporary Hugging Face-style classifier folder (model.onnx, config.json, tokenizer files) written by the tests,
/// deleted on dispose. The factories write a tiny model over the labels joy, sadness and neutral where the token
/// "happy" pushes joy, "sad" pushes sadness, the first special token pushes neutral by 1 and the last by 0.5, and the
/// padding token has large weights (so any padding that leaks past the attention mask shows).
/// </summary>
internal sealed class ClassifierFolder : IDisposable
{
    /// <summary>The labels of the tiny model, in id order.</summary>
    public static readonly string[] Labels = ["joy", "sadness", "neutral"];

    /// <summary>The bias of each label.</summary>
    public static readonly float[] Bias = [-1.5f, -1.5f, -2f];

    /// <summary>The WordPiece vocabulary, in id order.</summary>
    public static readonly string[] WordPieceTokens =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "i", "am", "so", "happy", "sad", "very", "and", "."];

    /// <summary>The byte-level BPE merges (GPT-2 style, 'Ġ' is the space byte).</summary>
    public static readonly string[] ByteLevelMerges =
        ["Ġ h", "a p", "Ġh ap", "p y", "Ġhap py", "Ġ s", "Ġs a", "Ġsa d"];

    private readonly string _root;

    /// <summary>Creates an empty folder.</summary>
    /// <param name="name">The folder name (it names the taxonomy of a non-GoEmotions model).</param>
    public ClassifierFolder(string name = "tiny-emotions")
    {
        _root = Directory.CreateTempSubdirectory("attune-onnx-").FullName;
        Path = System.IO.Path.Combine(_root, name);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder path.</summary>
    public string Path { get; }

    /// <summary>The byte-level BPE vocabulary: four special tokens, the 256 byte characters, then the merge results.</summary>
    public static IReadOnlyDictionary<string, int> ByteLevelVocabulary { get; } = BuildByteLevelVocabulary();

    /// <summary>A folder with vocab.txt (WordPiece), config.json and model.onnx.</summary>
    public static ClassifierFolder WordPiece(string? problemType = null, int? maxPositionEmbeddings = null, string name = "tiny-emotions")
    {
        var folder = new ClassifierFolder(name);
        folder.WriteText("vocab.txt", string.Join('\n', WordPieceTokens) + "\n");
        folder.WriteConfig(Labels, problemType, maxPositionEmbeddings);
        folder.WriteModel(WordPieceModel());
        return folder;
    }

    /// <summary>A folder with vocab.json + merges.txt (byte-level BPE), config.json and model.onnx.</summary>
    public static ClassifierFolder ByteLevelBpe(string? problemType = null)
    {
        var folder = new ClassifierFolder();
        folder.WriteText("vocab.json", JsonSerializer.Serialize(ByteLevelVocabulary));
        folder.WriteText("merges.txt", "#version: 0.2\n" + string.Join('\n', ByteLevelMerges) + "\n");
        folder.WriteConfig(Labels, problemType, maxPositionEmbeddings: 514, padTokenId: 1);
        folder.WriteModel(ByteLevelModel());
        return folder;
    }

    /// <summary>The tiny model over the WordPiece vocabulary.</summary>
    public static TinyOnnxModel WordPieceModel() =>
        EmotionModel(WordPieceTokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i), "[CLS]", "[SEP]", "[PAD]", "happy", "sad");

    /// <summary>The tiny model over the byte-level BPE vocabulary.</summary>
    public static TinyOnnxModel ByteLevelModel() =>
        EmotionModel(ByteLevelVocabulary, "<s>", "</s>", "<pad>", "Ġhappy", "Ġsad");

    /// <summary>The logits the tiny model gives a sequence with both special tokens, <paramref name="happy"/> "happy" and <paramref name="sad"/> "sad" tokens.</summary>
    public static double[] ExpectedLogits(int happy, int sad) =>
        [(3.0 * happy) + Bias[0], (3.0 * sad) + Bias[1], 1.0 + 0.5 + Bias[2]];

    /// <summary>Writes config.json.</summary>
    public void WriteConfig(IReadOnlyList<string> labels, string? problemType = null, int? maxPositionEmbeddings = null, int? padTokenId = null)
    {
        var config = new Dictionary<string, object?>
        {
            ["architectures"] = new[] { "TinyForSequenceClassification" },
            ["id2label"] = labels.Select((l, i) => (l, i)).ToDictionary(p => p.i.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.l),
            ["label2id"] = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i),
        };
        if (problemType is not null)
        {
            config["problem_type"] = problemType;
        }

        if (maxPositionEmbeddings is not null)
        {
            config["max_position_embeddings"] = maxPositionEmbeddings;
        }

        if (padTokenId is not null)
        {
            config["pad_token_id"] = padTokenId;
        }

        WriteJson("config.json", config);
    }

    /// <summary>Writes tokenizer.json for the WordPiece vocabulary (BertNormalizer, TemplateProcessing [CLS] $A [SEP]).</summary>
    public void WriteWordPieceTokenizerJson(bool lowerCase)
    {
        string[] specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
        WriteJson("tokenizer.json", new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = specials.Select(t => AddedToken(Array.IndexOf(WordPieceTokens, t), t)).ToArray(),
            ["normalizer"] = new Dictionary<string, object?>
            {
                ["type"] = "BertNormalizer",
                ["clean_text"] = true,
                ["handle_chinese_chars"] = true,
                ["strip_accents"] = null,
                ["lowercase"] = lowerCase,
            },
            ["pre_tokenizer"] = new { type = "BertPreTokenizer" },
            ["post_processor"] = new Dictionary<string, object?>
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new object[]
                {
                    new { SpecialToken = new { id = "[CLS]", type_id = 0 } },
                    new { Sequence = new { id = "A", type_id = 0 } },
                    new { SpecialToken = new { id = "[SEP]", type_id = 0 } },
                },
                ["pair"] = new object[]
                {
                    new { SpecialToken = new { id = "[CLS]", type_id = 0 } },
                    new { Sequence = new { id = "A", type_id = 0 } },
                    new { SpecialToken = new { id = "[SEP]", type_id = 0 } },
                    new { Sequence = new { id = "B", type_id = 1 } },
                    new { SpecialToken = new { id = "[SEP]", type_id = 1 } },
                },
                ["special_tokens"] = new Dictionary<string, object>
                {
                    ["[CLS]"] = new { id = "[CLS]", ids = new[] { 2 }, tokens = new[] { "[CLS]" } },
                    ["[SEP]"] = new { id = "[SEP]", ids = new[] { 3 }, tokens = new[] { "[SEP]" } },
                },
            },
            ["decoder"] = new { type = "WordPiece", prefix = "##", cleanup = true },
            ["model"] = new Dictionary<string, object?>
            {
                ["type"] = "WordPiece",
                ["unk_token"] = "[UNK]",
                ["continuing_subword_prefix"] = "##",
                ["max_input_chars_per_word"] = 100,
                ["vocab"] = WordPieceTokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i),
            },
        });
    }

    /// <summary>
    /// Writes tokenizer.json for the byte-level BPE vocabulary: ByteLevel pre-tokenizer, and either a RobertaProcessing
    /// post-processor with "a b" merges, or a TemplateProcessing one with ["a", "b"] merges; optionally a normalizer.
    /// </summary>
    public void WriteByteLevelTokenizerJson(bool addPrefixSpace, bool templateAndArrayMerges, object? normalizer = null)
    {
        object postProcessor = templateAndArrayMerges
            ? new Dictionary<string, object?>
            {
                ["type"] = "Sequence",
                ["processors"] = new object[]
                {
                    new { type = "ByteLevel", add_prefix_space = addPrefixSpace, trim_offsets = true, use_regex = true },
                    new Dictionary<string, object?>
                    {
                        ["type"] = "TemplateProcessing",
                        ["single"] = new object[]
                        {
                            new { SpecialToken = new { id = "<s>", type_id = 0 } },
                            new { Sequence = new { id = "A", type_id = 0 } },
                            new { SpecialToken = new { id = "</s>", type_id = 0 } },
                        },
                        ["special_tokens"] = new Dictionary<string, object>
                        {
                            ["<s>"] = new { id = "<s>", ids = new[] { 0 }, tokens = new[] { "<s>" } },
                            ["</s>"] = new { id = "</s>", ids = new[] { 2 }, tokens = new[] { "</s>" } },
                        },
                    },
                },
            }
            : new Dictionary<string, object?>
            {
                ["type"] = "RobertaProcessing",
                ["sep"] = new object[] { "</s>", 2 },
                ["cls"] = new object[] { "<s>", 0 },
                ["trim_offsets"] = true,
                ["add_prefix_space"] = addPrefixSpace,
            };
        object merges = templateAndArrayMerges
            ? ByteLevelMerges.Select(m => m.Split(' ')).ToArray()
            : ByteLevelMerges;
        WriteJson("tokenizer.json", new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new[] { AddedToken(0, "<s>"), AddedToken(1, "<pad>"), AddedToken(2, "</s>"), AddedToken(3, "<unk>") },
            ["normalizer"] = normalizer,
            ["pre_tokenizer"] = new { type = "ByteLevel", add_prefix_space = addPrefixSpace, trim_offsets = true, use_regex = true },
            ["post_processor"] = postProcessor,
            ["decoder"] = new { type = "ByteLevel", add_prefix_space = true, trim_offsets = true, use_regex = true },
            ["model"] = new Dictionary<string, object?>
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["continuing_subword_prefix"] = "",
                ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["vocab"] = ByteLevelVocabulary,
                ["merges"] = merges,
            },
        });
    }

    /// <summary>Writes a text file into the folder.</summary>
    public void WriteText(string file, string content) => File.WriteAllText(System.IO.Path.Combine(Path, file), content);

    /// <summary>Writes an object as a JSON file into the folder.</summary>
    public void WriteJson(string file, object value) => WriteText(file, JsonSerializer.Serialize(value));

    /// <summary>Writes model.onnx.</summary>
    public void WriteModel(TinyOnnxModel model) => model.Save(System.IO.Path.Combine(Path, "model.onnx"));

    /// <summary>Deletes a file of the folder.</summary>
    public void Delete(string file) => File.Delete(System.IO.Path.Combine(Path, file));

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private static TinyOnnxModel EmotionModel(IReadOnlyDictionary<string, int> vocabulary, string cls, string sep, string pad, string happy, string sad)
    {
        var model = new TinyOnnxModel(vocabulary.Values.Max() + 1, Labels.Length);
        model.Embedding[vocabulary[happy], 0] = 1f;
        model.Embedding[vocabulary[sad], 1] = 1f;
        model.Embedding[vocabulary[cls], 2] = 1f;
        model.Embedding[vocabulary[sep], 3] = 1f;
        for (int d = 0; d < TinyOnnxModel.Width; d++)
        {
            model.Embedding[vocabulary[pad], d] = 5f;
        }

        model.Weights[0, 0] = 3f; // happy → joy
        model.Weights[1, 1] = 3f; // sad → sadness
        model.Weights[2, 2] = 1f; // first special → neutral
        model.Weights[3, 2] = 0.5f; // last special → neutral
        Bias.CopyTo(model.Bias, 0);
        return model;
    }

    private static object AddedToken(int id, string content) =>
        new { id, content, single_word = false, lstrip = false, rstrip = false, normalized = false, special = true };

    private static Dictionary<string, int> BuildByteLevelVocabulary()
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal) { ["<s>"] = 0, ["<pad>"] = 1, ["</s>"] = 2, ["<unk>"] = 3 };
        foreach (char c in ByteCharacters())
        {
            vocabulary.Add(c.ToString(), vocabulary.Count);
        }

        foreach (string merge in ByteLevelMerges)
        {
            vocabulary.Add(merge.Replace(" ", "", StringComparison.Ordinal), vocabulary.Count);
        }

        return vocabulary;
    }

    /// <summary>GPT-2's byte-to-character table: printable bytes stand for themselves, the rest move to U+0100 and up.</summary>
    private static char[] ByteCharacters()
    {
        var printable = new List<int>();
        for (int b = '!'; b <= '~'; b++)
        {
            printable.Add(b);
        }

        for (int b = 0xA1; b <= 0xAC; b++)
        {
            printable.Add(b);
        }

        for (int b = 0xAE; b <= 0xFF; b++)
        {
            printable.Add(b);
        }

        var map = new char[256];
        int next = 0;
        for (int b = 0; b < 256; b++)
        {
            map[b] = printable.Contains(b) ? (char)b : (char)(256 + next++);
        }

        return map;
    }
}
