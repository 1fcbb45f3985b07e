using Attune.Text;
using System.Runtime.InteropServices;
using Attune.Emotions;
using Microsoft.ML.OnnxRuntime;

namespace Attune.Tests.Emotions;

public sealed class OnnxEstimatorTests
{
    private const double Tolerance = 1e-6;

    [Fact]
    public void The_onnx_runtime_native_library_loads_on_this_machine()
    {
        string version = OrtEnv.Instance().GetVersionString();
        Assert.StartsWith("1.31", version, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", OrtEnv.Instance().GetAvailableProviders());
        Assert.True(RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64);
    }

    [Fact]
    public async Task Happy_and_sad_texts_decide_joy_and_sadness()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);

        IReadOnlyList<EmotionScores> scores = await estimator.EstimateAsync(["I am so happy", "I am so sad"]);

        Assert.Equal(["joy"], scores[0].Labels);
        Assert.Equal(["sadness"], scores[1].Labels);
        Assert.Equal("joy", scores[0].Top(1)[0].Label);
        Assert.Equal("sadness", scores[1].Top(1)[0].Label);
        Assert.Equal("tiny-emotions", estimator.Taxonomy.Name);
        Assert.Equal(ClassifierFolder.Labels, estimator.Taxonomy.Labels);
        Assert.Equal(ClassifierFolder.Labels, estimator.ModelLabels);
        Assert.False(estimator.IsMultiLabel);
        Assert.Equal(32, estimator.BatchSize);
        Assert.Contains("vocab.txt", estimator.TokenizerDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Softmax_scores_are_the_graph_logits_through_a_softmax()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece(problemType: "single_label_classification");
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);

        EmotionScores scores = (await estimator.EstimateAsync(["I am so happy"]))[0];

        double[] expected = Softmax(ClassifierFolder.ExpectedLogits(happy: 1, sad: 0));
        AssertScores(expected, scores);
        Assert.Equal(1.0, scores.Scores.Values.Sum(), 9);
    }

    [Fact]
    public async Task Multi_label_scores_each_label_with_a_sigmoid_and_decides_at_one_half()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece(problemType: "multi_label_classification");
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);

        IReadOnlyList<EmotionScores> scores = await estimator.EstimateAsync(["I am so happy and sad", "I am so happy", ""]);

        Assert.True(estimator.IsMultiLabel);
        AssertScores(ClassifierFolder.ExpectedLogits(happy: 1, sad: 1).Select(Sigmoid).ToArray(), scores[0]);
        Assert.Equal(["joy", "sadness"], scores[0].Labels.Order());
        Assert.True(scores[0].Scores.Values.Sum() > 1.0);
        Assert.Equal(["joy"], scores[1].Labels);
        Assert.Empty(scores[2].Labels);
        Assert.All(scores[2].Scores.Values, s => Assert.True(s < OnnxEstimator.MultiLabelThreshold));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("single_label_classification")]
    public async Task Single_label_decides_exactly_the_argmax(string? problemType)
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece(problemType);
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);

        EmotionScores scores = (await estimator.EstimateAsync(["so sad and happy and sad"]))[0];

        Assert.Equal(["sadness"], scores.Labels);
        AssertScores(Softmax(ClassifierFolder.ExpectedLogits(happy: 1, sad: 2)), scores);
    }

    [Fact]
    public async Task Empty_text_runs_as_the_special_tokens_alone()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);

        Assert.Equal([2, 3], estimator.Encode(""));
        EmotionScores scores = (await estimator.EstimateAsync([""]))[0];

        Assert.Equal(["neutral"], scores.Labels);
        AssertScores(Softmax(ClassifierFolder.ExpectedLogits(happy: 0, sad: 0)), scores);
    }

    [Fact]
    public async Task Batching_gives_the_same_scores_as_one_text_at_a_time()
    {
        string[] texts =
        [
            "I am so happy", "", "sad", "I am so so so so so so very happy and sad .", "happy happy", "unknown words only",
            "SAD", "i am very very very very very very very very very very very very sad",
        ];
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        using OnnxEstimator single = OnnxEstimator.Load(folder.Path, batchSize: 1);
        using OnnxEstimator pairs = OnnxEstimator.Load(folder.Path, batchSize: 2);
        using OnnxEstimator threes = OnnxEstimator.Load(folder.Path, batchSize: 3);
        using OnnxEstimator all = OnnxEstimator.Load(folder.Path);

        IReadOnlyList<EmotionScores> expected = await single.EstimateAsync(texts);
        foreach (OnnxEstimator estimator in new[] { pairs, threes, all })
        {
            IReadOnlyList<EmotionScores> actual = await estimator.EstimateAsync(texts);
            Assert.Equal(texts.Length, actual.Count);
            for (int i = 0; i < texts.Length; i++)
            {
                AssertScores(expected[i].Scores.Values.ToArray(), actual[i]);
                Assert.Equal(expected[i].Labels, actual[i].Labels);
            }
        }

        for (int i = 0; i < texts.Length; i++)
        {
            AssertScores(expected[i].Scores.Values.ToArray(), (await single.EstimateAsync([texts[i]]))[0]);
        }
    }

    [Fact]
    public async Task Long_texts_are_truncated_to_max_tokens()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece(maxPositionEmbeddings: 8);
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);
        string text = string.Concat(Enumerable.Repeat("sad ", 6)) + string.Concat(Enumerable.Repeat("happy ", 50_000));

        int[] ids = estimator.Encode(text);
        EmotionScores scores = (await estimator.EstimateAsync([text, "I am so happy"]))[0];

        Assert.Equal(8, estimator.MaxTokens);
        Assert.Equal([2, 9, 9, 9, 9, 9, 9, 3], ids);
        Assert.Equal(["sadness"], scores.Labels);
        AssertScores(Softmax(ClassifierFolder.ExpectedLogits(happy: 0, sad: 6)), scores);
    }

    [Fact]
    public async Task A_long_text_within_the_default_limit_reads_512_tokens()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece(problemType: "multi_label_classification");
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);
        string text = string.Join(' ', Enumerable.Repeat("happy", 100_000));

        int[] ids = estimator.Encode(text);
        EmotionScores scores = (await estimator.EstimateAsync([text]))[0];

        Assert.Equal(512, estimator.MaxTokens);
        Assert.Equal(512, ids.Length);
        Assert.Equal(3, ids[^1]);
        Assert.Equal(["joy"], scores.Labels);
    }

    [Theory]
    [InlineData(null, null, 512)]
    [InlineData(1024, null, 512)]
    [InlineData(128, null, 128)]
    [InlineData(128, 16, 16)]
    [InlineData(null, 1000, 1000)]
    public void Max_tokens_defaults_to_the_smaller_of_the_position_limit_and_512(int? maxPositionEmbeddings, int? option, int expected)
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece(maxPositionEmbeddings: maxPositionEmbeddings);
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path, new OnnxEstimatorOptions { MaxTokens = option });

        Assert.Equal(expected, estimator.MaxTokens);
    }

    [Fact]
    public void Options_are_checked()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();

        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxEstimator.Load(folder.Path, batchSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxEstimator.Load(folder.Path, new OnnxEstimatorOptions { MaxTokens = 2 }));
    }

    [Fact]
    public async Task Vocab_txt_lower_cases_unless_tokenizer_config_says_otherwise()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        using (OnnxEstimator estimator = OnnxEstimator.Load(folder.Path))
        {
            Assert.Equal(["joy"], (await estimator.EstimateAsync(["I AM SO HAPPY"]))[0].Labels);
        }

        folder.WriteJson("tokenizer_config.json", new { do_lower_case = false });
        using OnnxEstimator cased = OnnxEstimator.Load(folder.Path);

        Assert.Equal([2, 1, 1, 1, 1, 3], cased.Encode("I AM SO HAPPY"));
        Assert.Equal(["neutral"], (await cased.EstimateAsync(["I AM SO HAPPY"]))[0].Labels);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Tokenizer_json_word_piece_matches_vocab_txt_and_honours_lowercase(bool lowerCase)
    {
        string[] texts = ["I am so happy", "i am so sad", "very happy and sad .", ""];
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        IReadOnlyList<EmotionScores> expected;
        using (OnnxEstimator fromVocab = OnnxEstimator.Load(folder.Path))
        {
            expected = await fromVocab.EstimateAsync(texts);
        }

        folder.WriteWordPieceTokenizerJson(lowerCase);
        folder.Delete("vocab.txt");
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);

        Assert.StartsWith("tokenizer.json (WordPiece", estimator.TokenizerDescription, StringComparison.Ordinal);
        IReadOnlyList<EmotionScores> actual = await estimator.EstimateAsync(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            AssertScores(expected[i].Scores.Values.ToArray(), actual[i]);
        }

        EmotionScores shouted = (await estimator.EstimateAsync(["I AM SO HAPPY"]))[0];
        Assert.Equal(lowerCase ? "joy" : "neutral", Assert.Single(shouted.Labels));
    }

    [Fact]
    public async Task Byte_level_bpe_vocab_json_and_merges_txt_tokenize_with_roberta_special_tokens()
    {
        using ClassifierFolder folder = ClassifierFolder.ByteLevelBpe();
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);
        IReadOnlyDictionary<string, int> vocabulary = ClassifierFolder.ByteLevelVocabulary;

        int[] ids = estimator.Encode("I am so happy");
        IReadOnlyList<EmotionScores> scores = await estimator.EstimateAsync(["I am so happy", "I am so sad", ""]);

        Assert.Equal(512, estimator.MaxTokens);
        Assert.Equal(
            new[] { "<s>", "I", "Ġ", "a", "m", "Ġs", "o", "Ġhappy", "</s>" }.Select(t => vocabulary[t]),
            ids);
        Assert.Equal(["joy"], scores[0].Labels);
        Assert.Equal(["sadness"], scores[1].Labels);
        Assert.Equal(["neutral"], scores[2].Labels);
        AssertScores(Softmax(ClassifierFolder.ExpectedLogits(happy: 1, sad: 0)), scores[0]);
        Assert.Equal([vocabulary["<s>"], vocabulary["</s>"]], estimator.Encode(""));
        Assert.Contains("byte-level BPE", estimator.TokenizerDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Byte_level_bpe_batches_pad_with_the_pad_token_behind_the_mask()
    {
        string[] texts = ["happy", "I am so happy and very very sad, it's true!", "", "Ünïcödé sad 😢"];
        using ClassifierFolder folder = ClassifierFolder.ByteLevelBpe();
        using OnnxEstimator one = OnnxEstimator.Load(folder.Path, batchSize: 1);
        using OnnxEstimator all = OnnxEstimator.Load(folder.Path);

        IReadOnlyList<EmotionScores> expected = await one.EstimateAsync(texts);
        IReadOnlyList<EmotionScores> actual = await all.EstimateAsync(texts);

        for (int i = 0; i < texts.Length; i++)
        {
            AssertScores(expected[i].Scores.Values.ToArray(), actual[i]);
        }

        Assert.Equal(["sadness"], actual[3].Labels);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Tokenizer_json_byte_level_bpe_matches_vocab_json(bool addPrefixSpace, bool templateAndArrayMerges)
    {
        string[] texts = [" happy", "I am so happy", "so sad", ""];
        using ClassifierFolder folder = ClassifierFolder.ByteLevelBpe();
        IReadOnlyList<EmotionScores> expected;
        using (OnnxEstimator fromVocab = OnnxEstimator.Load(folder.Path))
        {
            expected = await fromVocab.EstimateAsync(texts);
        }

        folder.WriteByteLevelTokenizerJson(addPrefixSpace, templateAndArrayMerges);
        folder.Delete("vocab.json");
        folder.Delete("merges.txt");
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);

        Assert.Equal("tokenizer.json (byte-level BPE)", estimator.TokenizerDescription);
        IReadOnlyList<EmotionScores> actual = await estimator.EstimateAsync(texts);
        for (int i = 0; i < texts.Length; i++)
        {
            AssertScores(expected[i].Scores.Values.ToArray(), actual[i]);
        }

        // "happy" at the very start becomes "Ġhappy" only when the pre-tokenizer adds a prefix space.
        EmotionScores start = (await estimator.EstimateAsync(["happy"]))[0];
        Assert.Equal(addPrefixSpace ? "joy" : "neutral", Assert.Single(start.Labels));
    }

    [Fact]
    public async Task Lower_cased_word_piece_strips_accents_as_bert_does()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        folder.WriteWordPieceTokenizerJson(lowerCase: true);
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);

        Assert.Equal([2, 5, 6, 7, 8, 3], estimator.Encode("Í ÁM SÖ HÄPPY"));
        Assert.Equal(["joy"], (await estimator.EstimateAsync(["Í ÁM SÖ HÄPPY"]))[0].Labels);
    }

    [Fact]
    public async Task Byte_level_bpe_applies_the_tokenizer_json_normalizers()
    {
        using ClassifierFolder folder = ClassifierFolder.ByteLevelBpe();
        folder.WriteByteLevelTokenizerJson(
            addPrefixSpace: false,
            templateAndArrayMerges: false,
            normalizer: new { type = "Sequence", normalizers = new object[] { new { type = "NFD" }, new { type = "StripAccents" }, new { type = "Lowercase" } } });
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);

        IReadOnlyList<EmotionScores> scores = await estimator.EstimateAsync(["I am so HÁPPY", "so SÄD"]);

        Assert.Equal(["joy"], scores[0].Labels);
        Assert.Equal(["sadness"], scores[1].Labels);
    }

    [Fact]
    public void Unsupported_tokenizer_json_normalizers_are_named()
    {
        using ClassifierFolder folder = ClassifierFolder.ByteLevelBpe();
        folder.WriteByteLevelTokenizerJson(false, false, normalizer: new { type = "Precompiled", precompiled_charsmap = "" });

        InputException e = Assert.Throws<InputException>(() => OnnxEstimator.Load(folder.Path));

        AssertOneLineNaming(Path.Combine(folder.Path, "tokenizer.json"), e);
        Assert.Contains("Precompiled", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoEmotions_labels_in_any_case_and_order_use_the_GoEmotions_taxonomy()
    {
        string[] labels = Taxonomy.GoEmotions.Labels.Reverse().Select(l => l.ToUpperInvariant()).ToArray();
        using var folder = new ClassifierFolder("goemotions-model");
        folder.WriteText("vocab.txt", string.Join('\n', ClassifierFolder.WordPieceTokens));
        folder.WriteConfig(labels, "multi_label_classification");
        var model = new TinyOnnxModel(ClassifierFolder.WordPieceTokens.Length, labels.Length);
        model.Embedding[8, 0] = 1f; // happy
        model.Embedding[9, 1] = 1f; // sad
        model.Weights[0, Array.IndexOf(labels, "JOY")] = 4f;
        model.Weights[1, Array.IndexOf(labels, "SADNESS")] = 4f;
        Array.Fill(model.Bias, -2f);
        folder.WriteModel(model);
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);

        IReadOnlyList<EmotionScores> scores = await estimator.EstimateAsync(["I am so happy", "I am so sad"]);

        Assert.Same(Taxonomy.GoEmotions, estimator.Taxonomy);
        Assert.Equal(labels, estimator.ModelLabels);
        Assert.Equal(["joy"], scores[0].Labels);
        Assert.Equal(["sadness"], scores[1].Labels);
        Assert.Equal(Sigmoid(2.0), scores[0]["joy"], 6);
        Assert.Equal(Sigmoid(-2.0), scores[0]["anger"], 6);
        Assert.Equal("admiration", scores[0].Scores.Keys.First());
    }

    [Fact]
    public async Task Token_type_ids_are_fed_as_zeros_when_the_model_declares_them()
    {
        string[] texts = ["I am so happy", "so sad", ""];
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        IReadOnlyList<EmotionScores> expected;
        using (OnnxEstimator plain = OnnxEstimator.Load(folder.Path))
        {
            expected = await plain.EstimateAsync(texts);
        }

        TinyOnnxModel model = ClassifierFolder.WordPieceModel();
        model.TypeEmbedding = new float[2, TinyOnnxModel.Width];
        for (int d = 0; d < TinyOnnxModel.Width; d++)
        {
            model.TypeEmbedding[1, d] = 10f; // type 1 would show
        }

        folder.WriteModel(model);
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);
        IReadOnlyList<EmotionScores> actual = await estimator.EstimateAsync(texts);

        for (int i = 0; i < texts.Length; i++)
        {
            AssertScores(expected[i].Scores.Values.ToArray(), actual[i]);
        }
    }

    [Fact]
    public async Task Concurrent_estimates_agree()
    {
        string[] texts = ["I am so happy", "I am so sad", "", "very happy and sad"];
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path, batchSize: 3);
        IReadOnlyList<EmotionScores> expected = await estimator.EstimateAsync(texts);

        IReadOnlyList<EmotionScores>[] results = await Task.WhenAll(
            Enumerable.Range(0, 16).Select(_ => Task.Run(() => estimator.EstimateAsync(texts))));

        foreach (IReadOnlyList<EmotionScores> result in results)
        {
            for (int i = 0; i < texts.Length; i++)
            {
                AssertScores(expected[i].Scores.Values.ToArray(), result[i]);
            }
        }
    }

    [Fact]
    public async Task Disposed_estimators_refuse_work_and_dispose_twice_is_harmless()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);
        estimator.Dispose();
        estimator.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => estimator.EstimateAsync(["happy"]));
    }

    [Fact]
    public async Task Cancellation_and_null_texts_are_reported()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        using OnnxEstimator estimator = OnnxEstimator.Load(folder.Path);

        Task<IReadOnlyList<EmotionScores>> canceled = estimator.EstimateAsync(["happy"], new CancellationToken(canceled: true));
        Assert.True(canceled.IsCanceled);
        await Assert.ThrowsAsync<ArgumentException>(() => estimator.EstimateAsync(["happy", null!]));
        Assert.Empty(await estimator.EstimateAsync([]));
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        string path = Path.Combine(Path.GetTempPath(), "attune-no-such-model-" + Guid.NewGuid().ToString("N"));

        InputException e = Assert.Throws<InputException>(() => OnnxEstimator.Load(path));

        AssertOneLineNaming(path, e);
    }

    [Fact]
    public void A_missing_model_onnx_is_named()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        folder.Delete("model.onnx");

        InputException e = Assert.Throws<InputException>(() => OnnxEstimator.Load(folder.Path));

        AssertOneLineNaming(Path.Combine(folder.Path, "model.onnx"), e);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_onnx_that_is_not_onnx_is_named()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        folder.WriteText("model.onnx", "this is not a protobuf\n\n");

        InputException e = Assert.Throws<InputException>(() => OnnxEstimator.Load(folder.Path));

        AssertOneLineNaming(Path.Combine(folder.Path, "model.onnx"), e);
    }

    [Fact]
    public void A_missing_config_json_is_named()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        folder.Delete("config.json");

        InputException e = Assert.Throws<InputException>(() => OnnxEstimator.Load(folder.Path));

        AssertOneLineNaming(Path.Combine(folder.Path, "config.json"), e);
    }

    [Theory]
    [InlineData("{ \"model_type\": \"bert\" }", "id2label")]
    [InlineData("{ \"id2label\": null }", "id2label")]
    [InlineData("{ \"id2label\": {} }", "id2label")]
    [InlineData("{ \"id2label\": { \"0\": \"joy\", \"2\": \"sadness\" } }", "id2label")]
    [InlineData("{ \"id2label\": { \"0\": \"joy\", \"1\": \"joy\" } }", "joy")]
    [InlineData("{ \"id2label\": { \"zero\": \"joy\" } }", "zero")]
    [InlineData("{ \"id2label\": { \"0\": \"joy\" }, \"problem_type\": \"regression\" }", "problem_type")]
    [InlineData("{ \"id2label\": { \"0\": \"joy\" }, \"max_position_embeddings\": \"many\" }", "max_position_embeddings")]
    [InlineData("{ \"id2label\": ", "JSON")]
    [InlineData("[1, 2, 3]", "object")]
    public void A_bad_config_json_is_named_with_what_is_wrong(string json, string fragment)
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        folder.WriteText("config.json", json);

        InputException e = Assert.Throws<InputException>(() => OnnxEstimator.Load(folder.Path));

        AssertOneLineNaming(Path.Combine(folder.Path, "config.json"), e);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_a_tokenizer_says_which_files_it_looked_for()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        folder.Delete("vocab.txt");

        InputException e = Assert.Throws<InputException>(() => OnnxEstimator.Load(folder.Path));

        AssertOneLineNaming(Path.Combine(folder.Path, "tokenizer.json"), e);
        Assert.Contains("vocab.txt", e.Message, StringComparison.Ordinal);
        Assert.Contains("merges.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vocab_json_without_merges_txt_names_merges_txt()
    {
        using ClassifierFolder folder = ClassifierFolder.ByteLevelBpe();
        folder.Delete("merges.txt");

        InputException e = Assert.Throws<InputException>(() => OnnxEstimator.Load(folder.Path));

        AssertOneLineNaming(Path.Combine(folder.Path, "merges.txt"), e);
    }

    [Theory]
    [InlineData("tokenizer.json", "{ \"model\": ")]
    [InlineData("tokenizer.json", "{ \"version\": \"1.0\" }")]
    [InlineData("tokenizer.json", "{ \"model\": { \"type\": \"Unigram\", \"vocab\": { \"a\": 0 } } }")]
    [InlineData("tokenizer.json", "{ \"model\": { \"type\": \"BPE\", \"vocab\": { \"a\": 0 }, \"merges\": [] } }")]
    [InlineData("tokenizer.json", "{ \"model\": { \"type\": \"WordPiece\", \"vocab\": { \"a\": 0 } } }")]
    [InlineData("vocab.txt", "[PAD]\n[UNK]\n[CLS]\nhappy\n")]
    public void A_bad_tokenizer_file_is_named(string file, string content)
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        folder.WriteText(file, content);

        InputException e = Assert.Throws<InputException>(() => OnnxEstimator.Load(folder.Path));

        AssertOneLineNaming(Path.Combine(folder.Path, file), e);
    }

    [Fact]
    public void A_model_without_a_logits_output_is_named()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        TinyOnnxModel model = ClassifierFolder.WordPieceModel();
        model.OutputName = "scores";
        folder.WriteModel(model);

        InputException e = Assert.Throws<InputException>(() => OnnxEstimator.Load(folder.Path));

        AssertOneLineNaming(Path.Combine(folder.Path, "model.onnx"), e);
        Assert.Contains("'logits'", e.Message, StringComparison.Ordinal);
        Assert.Contains("scores", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_without_an_input_ids_input_is_named()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        TinyOnnxModel model = ClassifierFolder.WordPieceModel();
        model.InputIdsName = "ids";
        folder.WriteModel(model);

        InputException e = Assert.Throws<InputException>(() => OnnxEstimator.Load(folder.Path));

        AssertOneLineNaming(Path.Combine(folder.Path, "model.onnx"), e);
        Assert.Contains("'input_ids'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_count_that_differs_from_the_model_names_both_files()
    {
        using ClassifierFolder folder = ClassifierFolder.WordPiece();
        folder.WriteConfig(["joy", "sadness", "neutral", "fear"]);

        InputException e = Assert.Throws<InputException>(() => OnnxEstimator.Load(folder.Path));

        AssertOneLineNaming(Path.Combine(folder.Path, "model.onnx"), e);
        Assert.Contains("config.json", e.Message, StringComparison.Ordinal);
    }

    private static void AssertOneLineNaming(string path, InputException e)
    {
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
    }

    private static void AssertScores(IReadOnlyList<double> expected, EmotionScores actual)
    {
        double[] values = actual.Scores.Values.ToArray();
        Assert.Equal(expected.Count, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - values[i]) < Tolerance,
                $"Score of '{actual.Taxonomy.Labels[i]}': expected {expected[i]}, got {values[i]}.");
        }
    }

    private static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        double[] exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        double sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
