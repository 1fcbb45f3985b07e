using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Attune.Emotions;
using Microsoft.Extensions.AI;

namespace Attune.Guard;

/// <summary>
/// A delegating chat client that reads the user's apparent emotional state on every turn with an
/// <see cref="IEmotionEstimator"/>: the latest user message and a short trend over the turns before it. The reading
/// (<see cref="EmotionalContext"/>) goes on the request's <see cref="ChatOptions.AdditionalProperties"/> for the inner
/// client and on the response's additional properties for the app; with <see cref="EmotionalContextOptions.AddSystemNote"/>
/// one short, neutral system message describing it is added to what the model sees. The user's own messages are never
/// altered.
/// </summary>
public sealed class EmotionalContextChatClient : DelegatingChatClient
{
    private static readonly HashSet<string> NegativeLabels = new(StringComparer.Ordinal)
    {
        // GoEmotions
        "anger", "annoyance", "disappointment", "disapproval", "disgust", "embarrassment", "fear", "grief", "nervousness", "remorse", "sadness",
        // Ekman (anger, disgust, fear and sadness are shared)
    };

    private readonly IEmotionEstimator _estimator;

    /// <summary>Creates the client.</summary>
    /// <param name="innerClient">The client the conversation is sent on to.</param>
    /// <param name="estimator">The estimator (e.g. <see cref="BuiltInEstimator.Load()"/>).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public EmotionalContextChatClient(IChatClient innerClient, IEmotionEstimator estimator, EmotionalContextOptions? options = null)
        : base(innerClient)
    {
        _estimator = estimator ?? throw new ArgumentNullException(nameof(estimator));
        Options = options ?? new EmotionalContextOptions();
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public EmotionalContextOptions Options { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var history = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var context = await ReadAsync(history, cancellationToken).ConfigureAwait(false);
        if (context is null) return await base.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
        var response = await base.GetResponseAsync(WithNote(history, context), WithContext(options, context), cancellationToken).ConfigureAwait(false);
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[EmotionalContext.PropertyName] = context;
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var history = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var context = await ReadAsync(history, cancellationToken).ConfigureAwait(false);
        var asked = context is null ? history : WithNote(history, context);
        bool first = true;
        await foreach (var update in base.GetStreamingResponseAsync(asked, context is null ? options : WithContext(options, context), cancellationToken).ConfigureAwait(false))
        {
            if (first && context is not null)
            {
                update.AdditionalProperties ??= [];
                update.AdditionalProperties[EmotionalContext.PropertyName] = context;
            }

            first = false;
            yield return update;
        }
    }

    /// <summary>
    /// The default note: one neutral sentence such as "The user's latest message reads mainly as sadness and
    /// nervousness; their distress has risen over the last few turns." or, when nothing stands out, "The user's latest
    /// message reads as emotionally neutral."
    /// </summary>
    /// <param name="context">The reading.</param>
    /// <param name="minScore">Labels below this score are left out.</param>
    /// <returns>The note.</returns>
    public static string DescribeState(EmotionalContext context, double minScore = 0.3)
    {
        ArgumentNullException.ThrowIfNull(context);
        var labels = context.Latest.Top(3).Where(l => l.Score >= minScore && l.Label != "neutral").Select(l => l.Label.Replace('_', ' ')).ToList();
        var state = labels.Count == 0
            ? "The user's latest message reads as emotionally neutral"
            : "The user's latest message reads mainly as " + (labels.Count == 1 ? labels[0] : string.Join(", ", labels.Take(labels.Count - 1)) + " and " + labels[^1]);
        var trend = context.Trend switch
        {
            EmotionalTrend.RisingDistress => "; their distress has risen over the last few turns",
            EmotionalTrend.Easing => "; their distress has eased over the last few turns",
            _ => "",
        };
        return state + trend + ". This is an automatic estimate: respond to what they say, not to the label.";
    }

    /// <summary>Reads the context of a conversation (null when it has no user message).</summary>
    private async Task<EmotionalContext?> ReadAsync(IReadOnlyList<ChatMessage> history, CancellationToken cancellationToken)
    {
        var users = history.Where(m => m.Role == ChatRole.User).Select(m => m.Text).ToList();
        if (users.Count == 0) return null;
        var texts = users.Skip(Math.Max(0, users.Count - Options.TrendTurns)).ToList();
        using var activity = GuardTelemetry.Source.StartActivity("emotional_context", ActivityKind.Internal);
        var scores = await _estimator.EstimateAsync(texts, cancellationToken).ConfigureAwait(false);
        var latest = scores[^1];
        var earlier = scores.Take(scores.Count - 1).ToList();
        double distress = Distress(latest);
        var trend = EmotionalTrend.Unknown;
        if (earlier.Count > 0 && latest.Taxonomy.Labels.Any(NegativeLabels.Contains))
        {
            double before = earlier.Average(Distress);
            trend = distress - before >= Options.TrendThreshold ? EmotionalTrend.RisingDistress
                : before - distress >= Options.TrendThreshold ? EmotionalTrend.Easing
                : EmotionalTrend.Steady;
        }

        var context = new EmotionalContext(latest, earlier, trend, distress, "");
        context = context with { Note = Options.NoteBuilder?.Invoke(context) ?? DescribeState(context, Options.NoteMinScore) };
        var top = latest.Top(1) is [var t] && t.Score > 0 ? t.Label : "none";
        GuardTelemetry.EmotionReadings.Add(1, new KeyValuePair<string, object?>(GuardTelemetry.EmotionTag, top));
        activity?.SetTag(GuardTelemetry.EmotionTag, top);
        activity?.SetTag(GuardTelemetry.EmotionTrendTag, trend.ToString());
        activity?.SetTag("attune.emotion.distress", Math.Round(distress, 3).ToString(CultureInfo.InvariantCulture));
        return context;
    }

    private static double Distress(EmotionScores scores)
    {
        double max = 0;
        foreach (var (label, score) in scores.Scores)
        {
            if (NegativeLabels.Contains(label) && score > max) max = score;
        }

        return max;
    }

    private IReadOnlyList<ChatMessage> WithNote(IReadOnlyList<ChatMessage> history, EmotionalContext context)
    {
        if (!Options.AddSystemNote || context.Note.Length == 0) return history;
        // The note goes right before the latest user message, so it describes that message and leaves earlier system
        // instructions (and the user's own text) untouched.
        int last = -1;
        for (int i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Role == ChatRole.User)
            {
                last = i;
                break;
            }
        }

        var list = history.ToList();
        list.Insert(last < 0 ? list.Count : last, new ChatMessage(ChatRole.System, context.Note));
        return list;
    }

    private static ChatOptions WithContext(ChatOptions? options, EmotionalContext context)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.AdditionalProperties = copy.AdditionalProperties is null ? [] : new AdditionalPropertiesDictionary(copy.AdditionalProperties);
        copy.AdditionalProperties[EmotionalContext.PropertyName] = context;
        return copy;
    }
}
