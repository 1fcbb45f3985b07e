using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Attune.Emotions;

/// <summary>
/// Estimates emotions with any chat model: the model is asked for a JSON object that gives every label of the chosen
/// taxonomy an intensity between 0 and 1; the answer is read forgivingly (fenced or bare JSON, keys in any case,
/// numbers or numeric strings, 0–10 or 0–100 scales rescaled) and the request is repeated once, with a reminder, when
/// no label can be read. Give it a client with retries (<c>UseRetries</c>) so transport faults are retried and never read as answers.
/// </summary>
public sealed partial class ChatModelEstimator : IEmotionEstimator
{
    private readonly IChatClient _client;
    private readonly double _threshold;
    private readonly int _parallel;

    /// <summary>Creates the estimator.</summary>
    /// <param name="client">The chat model (with retries composed in, e.g. <c>client.AsBuilder().UseRetries().Build()</c>).</param>
    /// <param name="taxonomy">The labels to estimate.</param>
    /// <param name="threshold">A label is decided when its intensity reaches this value.</param>
    /// <param name="parallel">Requests in flight at most.</param>
    public ChatModelEstimator(IChatClient client, Taxonomy taxonomy, double threshold = 0.5, int parallel = 4)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(taxonomy);
        _client = client;
        Taxonomy = taxonomy;
        _threshold = threshold;
        _parallel = Math.Max(1, parallel);
    }

    /// <inheritdoc />
    public Taxonomy Taxonomy { get; }

    /// <summary>The longest text sent (characters); longer texts are cut.</summary>
    public const int MaxCharacters = 4000;

    /// <summary>The instruction sent for a text (Attune's wording).</summary>
    public string Prompt(string text)
    {
        var sb = new StringBuilder();
        sb.Append("Estimate how strongly the text below expresses each of these emotions, as an intensity from 0 (absent) to 1 (as strong as it gets).\n\nEmotions:\n");
        for (int i = 0; i < Taxonomy.Count; i++)
        {
            sb.Append("- ").Append(Taxonomy.Labels[i]);
            if (Taxonomy.Descriptions[i] is { Length: > 0 } d) sb.Append(": ").Append(d);
            sb.Append('\n');
        }
        sb.Append("\nReply with one JSON object and nothing else, giving every emotion above a number, e.g. {\"")
          .Append(Taxonomy.Labels[0]).Append("\": 0.0, …}.\n\nText:\n\"\"\"\n")
          .Append(text.Length > MaxCharacters ? text[..MaxCharacters] : text)
          .Append("\n\"\"\"");
        return sb.ToString();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EmotionScores>> EstimateAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var results = new EmotionScores[texts.Count];
        await Parallel.ForAsync(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = _parallel, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            results[i] = await EstimateOneAsync(texts[i], i, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return results;
    }

    private async Task<EmotionScores> EstimateOneAsync(string text, int index, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text)) return EmotionScores.Empty(Taxonomy);
        var messages = new List<ChatMessage> { new(ChatRole.User, Prompt(text)) };
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            var response = await _client.GetResponseAsync(messages, new ChatOptions { Temperature = 0f, MaxOutputTokens = 800 }, ct).ConfigureAwait(false);
            var answer = response.Text ?? "";
            if (Read(answer) is { } scores) return EmotionScores.FromThresholds(Taxonomy, scores, Enumerable.Repeat(_threshold, Taxonomy.Count).ToArray());
            messages = [.. messages, new ChatMessage(ChatRole.Assistant, answer),
                new ChatMessage(ChatRole.User, "That was not a usable JSON object. Reply with only the JSON object, one number from 0 to 1 per emotion.")];
        }
        throw new ProviderException($"the model gave no usable JSON for text {index + 1} after a second request");
    }

    /// <summary>Reads intensities from an answer: one per label (missing ones 0), or null when no label can be read.</summary>
    public double[]? Read(string answer)
    {
        using var doc = Attune.Text.JsonExtraction.Loose(answer);
        if (doc is null) return null;
        {
            var values = new double[Taxonomy.Count];
            int found = 0;
            double max = 0;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                int i = IndexOfLabel(p.Name);
                if (i < 0) continue;
                double v;
                if (p.Value.ValueKind == JsonValueKind.Number) v = p.Value.GetDouble();
                else if (p.Value.ValueKind == JsonValueKind.String && double.TryParse(p.Value.GetString()!.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) v = parsed;
                else continue;
                if (!double.IsFinite(v)) continue;
                values[i] = v;
                max = Math.Max(max, v);
                found++;
            }
            if (found == 0) return null;
            double scale = max > 10 ? 100 : max > 1 ? 10 : 1;
            for (int i = 0; i < values.Length; i++) values[i] = Math.Clamp(values[i] / scale, 0, 1);
            return values;
        }
    }

    private int IndexOfLabel(string name)
    {
        var key = name.Trim().Replace(' ', '_').Replace('-', '_');
        for (int i = 0; i < Taxonomy.Count; i++)
        {
            if (string.Equals(Taxonomy.Labels[i].Replace(' ', '_').Replace('-', '_'), key, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }
}
