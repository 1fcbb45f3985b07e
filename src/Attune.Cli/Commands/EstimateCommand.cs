using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attune.Emotions;
using Attune.Models;

namespace Attune.Cli.Commands;

/// <summary><c>attune estimate</c>: emotions in text with the built-in fast or accurate tier, any chat model, or an ONNX classifier.</summary>
internal static class EstimateCommand
{
    public static Command Create()
    {
        var text = new Argument<string?>("text") { Description = "The text to read (or use --file, or pipe texts in on standard input).", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file") { Description = "One text per line (in a .tsv or GoEmotions-format file, the first column); - reads standard input." };
        var jsonl = new Option<bool>("--jsonl") { Description = "One JSON object per input line, in order: {\"id\", \"text\", \"labels\", \"scores\"}. With --file, that file's lines; alone, standard input streamed line by line (plain text or {\"id\", \"text\"} objects; output flushed per batch) for Spark, Ray or Hadoop streaming." };
        var taxonomy = new Option<string?>("--taxonomy") { Description = "goemotions, ekman or emonet (default: the estimator's own; goemotions for fast, accurate and model estimators)." };
        var top = new Option<int>("--top") { Description = "How many emotions to show.", DefaultValueFactory = _ => 5 };
        var estimator = new Option<string>("--estimator") { Description = "fast (n-gram model; builtin is the same), accurate (sentence encoder, slower), model:SPEC (e.g. model:openai:gpt-4o-mini) or onnx:DIR.", DefaultValueFactory = _ => "fast" };
        var eval = new Option<string?>("--eval") { Description = "Evaluate on a GoEmotions-format TSV (text, comma-separated label ids): macro/micro F1 and a per-label table." };
        var baseUrl = new Option<string?>("--base-url") { Description = "Base URL for model:openai:… or model:ollama:… estimators." };
        var retries = new Option<int>("--retries") { Description = "Retries of a failed request of a model: estimator (429, 5xx, timeouts, broken bodies), with backoff.", DefaultValueFactory = _ => 6 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one request of a model: estimator may take before it is retried.", DefaultValueFactory = _ => 120 };
        var json = Shared.Json();
        var cmd = new Command("estimate", "Estimate the emotions in text.") { text, file, jsonl, taxonomy, top, estimator, eval, baseUrl, retries, timeout, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            var requested = parse.GetValue(taxonomy) is { } name ? ParseTaxonomy(name) : null;
            int k = parse.GetValue(top);
            if (k < 1) throw new InputException("--top: must be at least 1");
            if (parse.GetValue(retries) < 0) throw new InputException("--retries: must be 0 or more");
            var seconds = parse.GetValue(timeout);
            if (!(seconds > 0)) throw new InputException("--timeout: must be a positive number of seconds");
            var evalPath = parse.GetValue(eval);
            var filePath = parse.GetValue(file);
            var single = parse.GetValue(text);
            bool piped = Console.IsInputRedirected;
            if (evalPath is null && filePath is null && single is null && !parse.GetValue(jsonl) && !piped)
            {
                throw new InputException("give a text, --file FILE, --eval FILE.tsv, or pipe texts in (see attune estimate --help)");
            }
            var spec = EstimatorSpec.Parse(parse.GetValue(estimator)!);
            using var est = spec.Load(
                evalPath is not null ? Taxonomy.GoEmotions : requested ?? Taxonomy.GoEmotions,
                new ModelOptions { BaseUrl = parse.GetValue(baseUrl), RequestTimeout = TimeSpan.FromSeconds(seconds) },
                o =>
                {
                    o.MaxRetries = parse.GetValue(retries);
                    o.RequestTimeout = TimeSpan.FromSeconds(seconds);
                });
            var target = requested ?? est.Estimator.Taxonomy;
            if (evalPath is not null)
            {
                var rows = GoEmotionsTsv.ReadLabelled(evalPath);
                var scores = await EstimateAll(est.Estimator, [.. rows.Select(r => r.Text)], token).ConfigureAwait(false);
                var evaluation = MultiLabelEvaluation.Compute(Taxonomy.GoEmotions, [.. rows.Select(r => r.Labels)], [.. scores.Select(s => (IReadOnlyCollection<string>)ToTaxonomy(s, Taxonomy.GoEmotions).Labels.ToHashSet())]);
                if (parse.GetValue(json)) Console.Out.WriteLine(EvaluationJson(evaluation, evalPath));
                else Terminal.WriteEvaluation(evaluation, evalPath);
                return AttuneApp.Ok;
            }
            if (single is null && filePath is null && parse.GetValue(jsonl))
            {
                // the pipe: stdin → stdout, line by line, constant memory
                PipeBuffers.Widen(0);
                PipeBuffers.Widen(1);
                await using var stdin = Console.OpenStandardInput();
                Console.Out.Flush();
                await using var stdout = Console.OpenStandardOutput();
                await JsonlEstimation.EstimateAsync(stdin, stdout, est.Estimator, new JsonlEstimationOptions { Target = target, MaxCharacters = est.MaxCharacters }, token).ConfigureAwait(false);
                return AttuneApp.Ok;
            }
            IReadOnlyList<string> texts;
            bool many = true;
            if (single is not null)
            {
                texts = [single];
                many = false;
            }
            else if (filePath is not null and not "-")
            {
                texts = GoEmotionsTsv.ReadTexts(filePath);
            }
            else
            {
                // --file - or texts piped in with no argument: every line a text; one line reads like a single text
                var lines = new List<string>();
                using (var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false)))
                {
                    while (await stdin.ReadLineAsync(token).ConfigureAwait(false) is { } line) lines.Add(line);
                }
                while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
                if (lines.Count == 0) throw new InputException("standard input: no text (pipe one text per line, or give a text)");
                texts = GoEmotionsTsv.TextsOf(lines);
                many = filePath is not null || texts.Count > 1;
            }
            var estimates = await EstimateAll(est.Estimator, texts, token).ConfigureAwait(false);
            var shown = estimates.Select(e => ToTaxonomy(e, target)).ToArray();
            if (parse.GetValue(jsonl))
            {
                WriteJsonl(texts, shown, est.MaxCharacters);
            }
            else if (parse.GetValue(json))
            {
                var items = texts.Select((t, i) => ResultJson(t, shown[i], est.MaxCharacters)).ToArray();
                Console.Out.WriteLine((many ? new JsonArray(items) : (JsonNode)items[0]).ToJsonString(Shared.Relaxed));
            }
            else if (many)
            {
                Terminal.WriteEstimates(texts, shown, k, est.MaxCharacters);
            }
            else
            {
                Terminal.WriteEstimate(texts[0], shown[0], k, est.MaxCharacters);
            }
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }

    private static Taxonomy ParseTaxonomy(string name)
    {
        try
        {
            return Taxonomy.Parse(name);
        }
        catch (ArgumentException)
        {
            throw new InputException($"--taxonomy: \"{name}\" is not supported; use {string.Join(", ", Taxonomy.KnownNames)}");
        }
    }

    private static EmotionScores ToTaxonomy(EmotionScores scores, Taxonomy target)
    {
        if (scores.Taxonomy.Equals(target)) return scores;
        try
        {
            return TaxonomyMapping.Convert(scores, target);
        }
        catch (ArgumentException)
        {
            throw new InputException($"--taxonomy: the estimator gives {scores.Taxonomy.Name} labels and no mapping to {target.Name} exists");
        }
    }

    private static async Task<IReadOnlyList<EmotionScores>> EstimateAll(IEmotionEstimator estimator, IReadOnlyList<string> texts, CancellationToken token)
    {
        if (estimator is BuiltInEstimator builtIn)
        {
            var results = new EmotionScores[texts.Count];
            Parallel.For(0, texts.Count, new ParallelOptions { CancellationToken = token }, i => results[i] = builtIn.Estimate(texts[i]));
            return results;
        }
        return await estimator.EstimateAsync(texts, token).ConfigureAwait(false);
    }

    private static void WriteJsonl(IReadOnlyList<string> texts, IReadOnlyList<EmotionScores> scores, int maxCharacters)
    {
        Console.Out.Flush();
        using var stdout = Console.OpenStandardOutput();
        using var buffered = new BufferedStream(stdout, 1 << 16);
        using var writer = new Utf8JsonWriter(buffered, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        for (int i = 0; i < texts.Count; i++)
        {
            ResultJson(texts[i], scores[i], maxCharacters).WriteTo(writer);
            writer.Flush();
            writer.Reset();
            buffered.WriteByte((byte)'\n');
        }
    }

    /// <summary>One text's reading: text, decided labels, every score, the thresholds when per label, and whether the text was cut.</summary>
    private static JsonObject ResultJson(string text, EmotionScores s, int maxCharacters)
    {
        var scores = new JsonObject();
        foreach (var (label, value) in s.Scores) scores[label] = Math.Round(value, 4);
        var o = new JsonObject
        {
            ["text"] = text,
            ["labels"] = new JsonArray([.. s.Labels.Select(l => (JsonNode)l)]),
            ["scores"] = scores,
        };
        if (s.Thresholds is { } th)
        {
            var thresholds = new JsonObject();
            foreach (var (label, value) in th) thresholds[label] = Math.Round(value, 4);
            o["thresholds"] = thresholds;
        }
        if (text.Length > maxCharacters) o["truncated"] = true;
        if (string.IsNullOrWhiteSpace(text)) o["note"] = "no text";
        else if (!Attune.Text.EnglishText.LooksEnglish(text)) o["note"] = "not English: the built-in estimators read English";
        return o;
    }

    private static string EvaluationJson(MultiLabelEvaluation e, string path) => new JsonObject
    {
        ["file"] = path,
        ["texts"] = e.Texts,
        ["macroF1"] = e.MacroF1,
        ["microF1"] = e.MicroF1,
        ["labels"] = new JsonArray([.. e.Labels.Select(l => (JsonNode)new JsonObject
        {
            ["label"] = l.Label, ["support"] = l.Support, ["predicted"] = l.Predicted, ["precision"] = l.Precision, ["recall"] = l.Recall, ["f1"] = l.F1,
        })]),
    }.ToJsonString(Shared.Relaxed);
}
