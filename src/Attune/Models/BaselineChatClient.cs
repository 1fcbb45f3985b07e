using System.Globalization;
using System.Text;
using Attune.Emotions;
using Attune.Suites.Eq;
using Microsoft.Extensions.AI;

namespace Attune.Models;

/// <summary>
/// <c>builtin:baseline</c>: an in-process <see cref="IChatClient"/> with no network. It answers EQ-Bench style prompts
/// from surface cues: a small lexicon of emotion families and valence words, and the built-in GoEmotions estimator read
/// over the character's own lines; and lettered multiple-choice items by word overlap and tone. Honest and
/// deterministic, it is the floor real models are compared against, not a model of emotional intelligence.
/// </summary>
public sealed class BaselineChatClient : IChatClient
{
    private static readonly ChatClientMetadata Metadata = new("attune-builtin", new Uri("attune://builtin/baseline"), "baseline");

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var prompt = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var system = list.FirstOrDefault(m => m.Role == ChatRole.System)?.Text ?? "";
        var text = Answer(prompt, system);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            FinishReason = ChatFinishReason.Stop,
            ModelId = "baseline",
            Usage = new UsageDetails
            {
                InputTokenCount = prompt.Length / 4,
                OutputTokenCount = text.Length / 4,
                TotalTokenCount = (prompt.Length + text.Length) / 4,
            },
        };
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : null;

    /// <inheritdoc />
    public void Dispose() { }

    /// <summary>The baseline's answer to a prompt (and the system message, which names the answer format).</summary>
    public static string Answer(string prompt, string system = "")
    {
        var parts = EqPromptReader.Read(prompt);
        if (parts is null)
        {
            return BaselineChoice.Answer(prompt, system)
                ?? "builtin:baseline only answers EQ-Bench style emotion-intensity prompts and lettered multiple-choice items.";
        }
        var scores = Intensities(parts);
        var sb = new StringBuilder();
        void Block()
        {
            for (int i = 0; i < parts.Emotions.Count; i++)
            {
                sb.Append(parts.Emotions[i]).Append(": ").Append(scores[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        if (!parts.Revise)
        {
            Block();
            return sb.ToString().TrimEnd('\n');
        }
        bool de = parts.Language == EqLanguage.De;
        sb.Append(de ? "Erste Bewertung:\n" : "First pass scores:\n");
        Block();
        sb.Append(de ? "\nKritik: Die Werte folgen den Hinweisen im Dialog.\n\nÜberarbeitete Bewertung:\n"
                     : "\nCritique: The scores follow the cues in the dialogue.\n\nRevised scores:\n");
        Block();
        return sb.ToString().TrimEnd('\n');
    }

    // Half the lexicon's guess, half the built-in estimator's evidence: the strongest GoEmotions label of the emotion's
    // family in the character's own lines (or half of it in the whole dialogue), on a square-root scale.
    private static List<int> Intensities(EqPromptParts parts)
    {
        var estimator = BuiltInEstimator.Load();
        var whole = estimator.Estimate(parts.Dialogue);
        var ownLines = parts.Character.Length == 0 ? [] : parts.Dialogue.Split('\n')
            .Where(l => l.StartsWith(parts.Character + ":", StringComparison.Ordinal))
            .Select(l => l[(parts.Character.Length + 1)..])
            .ToList();
        var own = ownLines.Count > 0 ? estimator.Estimate(string.Join("\n", ownLines)) : whole;
        var list = new List<int>(parts.Emotions.Count);
        foreach (var emotion in parts.Emotions)
        {
            int lexicon = Intensity(emotion, parts.Dialogue);
            var family = BaselineLexicon.FamilyOf(emotion);
            if (family is null || family.GoEmotions.Length == 0)
            {
                list.Add(lexicon);
                continue;
            }
            double evidence = Math.Max(family.GoEmotions.Max(l => own[l]), 0.5 * family.GoEmotions.Max(l => whole[l]));
            double value = (0.5 * lexicon) + (5 * Math.Sqrt(evidence));
            list.Add((int)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, 10));
        }
        return list;
    }

    private static int Intensity(string emotion, string dialogue)
    {
        var text = dialogue.ToLowerInvariant();
        double tone = BaselineLexicon.Tone(text, wordStart: true, exclamationsAreNegative: true);
        var family = BaselineLexicon.FamilyOf(emotion);
        if (family is null) return 3;
        int hits = family.CueStems.Sum(c => BaselineLexicon.Count(text, c, wordStart: true));
        double score = family.Valence == 0 ? 2.5 + Math.Min(3, hits * 1.5) : 3 + 5 * family.Valence * tone + Math.Min(3, hits * 1.2);
        return (int)Math.Clamp(Math.Round(score, MidpointRounding.AwayFromZero), 0, 10);
    }
}
