using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attune.Emotions;
using Attune.Chat;
using Attune.Models;
using Microsoft.Extensions.AI;

namespace Attune.Cli.Commands;

/// <summary><c>attune estimate</c>: emotions in text with the built-in fast or accurate tier, any chat model, or an ONNX classifier.</summary>
internal static class EstimateCommand
{
    public static Command Create()
    {
        var text = new Argument<string?>("text") { Description = "The text to read (or use --file).", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file") { Description = "One text per line (in a .tsv or GoEmotions-format file, the first column)." };
        var jsonl = new Option<bool>("--jsonl") { Description = "One JSON object per input line, in order: {\"id\", \"text\", \"labels\", \"scores\"}. With --file, that file's lines; alone, standard input streamed line by line (plain text or {\"id\", \"text\"} objects; output flushed per batch) for Spark, Ray or Hadoop streaming." };
        var taxonomy = new Option<string?>("--taxonomy") { Description = "goemotions, ekman or emonet (default: the estimator's own; goemotions for fast, accurate and model estimators)." };
        var top = new Option<int>("--top") { Description = "How many emotions to show.", DefaultValueFactory = _ => 5 };
        var estimator = new Option<string>("--estimator") { Description = "fast (n-gram model; builtin is the same), accurate (sentence encoder, slower), model:SPEC (e.g. model:openai:gpt-4o-mini) or onnx:DIR.", DefaultValueFactory = _ => "fast" };
        var eval = new Option<string?>("--eval") { Description = "Evaluate on a GoEmotions-format TSV (text, comma-separated label ids): macro/micro F1 and a per-label table." };
        var baseUrl = new Option<string?>("--base-url") { Description = "Base URL for model:openai:… or model:ollama:… estimators." };
        var json = Shared.Json();
        var cmd = new Command("estimate", "Estimate the emotions in text.") { text, file, jsonl, taxonomy, top, estimator, eval, baseUrl, json };
        cmd.SetAction((parse, ct) => AttuneApp.Guard(parse, async token =>
        {
            var requested = parse.GetValue(taxonomy) is { } name ? ParseTaxonomy(name) : null;
            int k = parse.GetValue(top);
            if (k < 1) throw new InputException("--top: must be at least 1");
            var evalPath = parse.GetValue(eval);
            var filePath = parse.GetValue(file);
            var single = parse.GetValue(text);
            if (evalPath is null && filePath is null && single is null && !parse.GetValue(jsonl)) throw new InputException("give a text, --file FILE, --eval FILE.tsv or --jsonl to read standard input (see attune estimate --help)");
            using var est = CreateEstimator(parse.GetValue(estimator)!, evalPath is not null ? Taxonomy.GoEmotions : requested ?? Taxonomy.GoEmotions, parse.GetValue(baseUrl));
            var target = requested ?? est.Estimator.Taxonomy;
            if (evalPath is not null)
            {
                var (texts, gold) = ReadEval(evalPath);
                var scores = await EstimateAll(est.Estimator, texts, token).ConfigureAwait(false);
                var evaluation = MultiLabelEvaluation.Compute(Taxonomy.GoEmotions, gold, [.. scores.Select(s => (IReadOnlyCollection<string>)ToTaxonomy(s, Taxonomy.GoEmotions).Labels.ToHashSet())]);
                if (parse.GetValue(json)) Console.Out.WriteLine(EvaluationJson(evaluation, evalPath));
                else Terminal.WriteEvaluation(evaluation, evalPath);
                return AttuneApp.Ok;
            }
            if (filePath is not null)
            {
                var texts = ReadTexts(filePath);
                var scores = await EstimateAll(est.Estimator, texts, token).ConfigureAwait(false);
                if (parse.GetValue(jsonl) || parse.GetValue(json))
                {
                    WriteJsonl(texts, scores, target, est.MaxCharacters);
                }
                else
                {
                    Terminal.WriteEstimates(texts, [.. scores.Select(s => ToTaxonomy(s, target))], k, est.MaxCharacters);
                }
                return AttuneApp.Ok;
            }
            if (single is null)
            {
                // the pipe: stdin → stdout, line by line, constant memory
                using var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), false, 1 << 16);
                Console.Out.Flush();
                await using var stdout = Console.OpenStandardOutput();
                await JsonlEstimation.EstimateAsync(stdin, stdout, est.Estimator, new JsonlEstimationOptions { Target = target, MaxCharacters = est.MaxCharacters }, token).ConfigureAwait(false);
                return AttuneApp.Ok;
            }
            var one = ToTaxonomy((await est.Estimator.EstimateAsync([single!], token).ConfigureAwait(false))[0], target);
            if (parse.GetValue(json) || parse.GetValue(jsonl)) WriteJsonl([single!], [one], target, est.MaxCharacters);
            else Terminal.WriteEstimate(single!, one, k, est.MaxCharacters);
            return AttuneApp.Ok;
        }, ct));
        return cmd;
    }

    private sealed record LoadedEstimator(IEmotionEstimator Estimator, int MaxCharacters, IDisposable? Owner) : IDisposable
    {
        public void Dispose() => Owner?.Dispose();
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

    private static LoadedEstimator CreateEstimator(string spec, Taxonomy target, string? baseUrl)
    {
        if (spec is "fast" or "builtin") return new LoadedEstimator(BuiltInEstimator.Load(), BuiltInEstimator.MaxCharacters, null);
        if (spec == "accurate") return new LoadedEstimator(AccurateEstimator.Load(), AccurateEstimator.MaxCharacters, null);
        if (spec.StartsWith("model:", StringComparison.Ordinal))
        {
            var model = ModelSpec.Parse(spec["model:".Length..]);
            var options = new ModelOptions { BaseUrl = baseUrl };
            var endpoint = model.Endpoint(options);
            var client = model.CreateChatClient(options).AsBuilder().UseRetries(o => o.Endpoint = endpoint).Build();
            return new LoadedEstimator(new ChatModelEstimator(client, target), ChatModelEstimator.MaxCharacters, client);
        }
        if (spec.StartsWith("onnx:", StringComparison.Ordinal))
        {
            var onnx = OnnxEstimator.Load(spec["onnx:".Length..]);
            return new LoadedEstimator(onnx, int.MaxValue, onnx);
        }
        throw new InputException($"--estimator: \"{spec}\" is not supported; use fast, accurate, model:SPEC or onnx:DIR");
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

    private static string[] ReadTexts(string path)
    {
        var lines = ReadLines(path);
        return path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || LooksLikeGoEmotions(lines) ? [.. lines.Select(l => l.Split('\t')[0])] : lines;
    }

    // GoEmotions TSV under any name: every non-empty line is text, label ids, comment id.
    private static bool LooksLikeGoEmotions(string[] lines)
    {
        int rows = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            var parts = line.Split('\t');
            if (parts.Length != 3 || parts[1].Length == 0 || !parts[1].All(c => char.IsAsciiDigit(c) || c == ',')) return false;
            rows++;
        }
        return rows > 0;
    }

    private static (string[] Texts, List<IReadOnlyCollection<string>> Gold) ReadEval(string path)
    {
        var lines = ReadLines(path);
        var texts = new List<string>();
        var gold = new List<IReadOnlyCollection<string>>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var parts = lines[i].Split('\t');
            if (parts.Length < 2) throw new InputException($"{path}:{i + 1}: expected text<TAB>label ids");
            var labels = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n >= Taxonomy.GoEmotions.Count)
                {
                    throw new InputException($"{path}:{i + 1}: \"{id}\" is not a GoEmotions label id (0–{Taxonomy.GoEmotions.Count - 1})");
                }
                labels.Add(Taxonomy.GoEmotions.Labels[n]);
            }
            texts.Add(parts[0]);
            gold.Add(labels);
        }
        if (texts.Count == 0) throw new InputException($"{path}: no rows");
        return ([.. texts], gold);
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"{path}: file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read: {ex.Message}");
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

    private static void WriteJsonl(IReadOnlyList<string> texts, IReadOnlyList<EmotionScores> scores, Taxonomy target, int maxCharacters)
    {
        Console.Out.Flush();
        using var stdout = Console.OpenStandardOutput();
        using var buffered = new BufferedStream(stdout, 1 << 16);
        using var writer = new Utf8JsonWriter(buffered, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        for (int i = 0; i < texts.Count; i++)
        {
            var s = ToTaxonomy(scores[i], target);
            writer.WriteStartObject();
            writer.WriteString("text", texts[i]);
            writer.WriteStartArray("labels");
            foreach (var l in s.Labels) writer.WriteStringValue(l);
            writer.WriteEndArray();
            writer.WriteStartObject("scores");
            foreach (var (label, value) in s.Scores) writer.WriteNumber(label, Math.Round(value, 4));
            writer.WriteEndObject();
            if (texts[i].Length > maxCharacters) writer.WriteBoolean("truncated", true);
            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
            buffered.WriteByte((byte)'\n');
        }
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
