using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Attune.Guard;

/// <summary>
/// A delegating chat client that checks every reply with an <see cref="IReplyAssessor"/> and, by its
/// <see cref="ManipulationGuardOptions.Policy"/>, annotates, blocks or regenerates flagged replies. The verdict is
/// attached to the response under <see cref="GuardVerdict.PropertyName"/> (read it with
/// <see cref="GuardVerdict.Of(ChatResponse)"/>).
/// </summary>
/// <remarks>
/// Streaming is supported, but a reply can only be judged whole: the guard buffers the inner stream, assesses the full
/// reply and only then yields its updates (or the block message, or the regenerated reply), with the verdict on the
/// last update. A guarded stream therefore starts when the reply is complete. When the assessor throws or exceeds
/// <see cref="ManipulationGuardOptions.AssessmentTimeout"/>, <see cref="ManipulationGuardOptions.FailureMode"/> decides
/// (default <see cref="GuardFailureMode.FailOpen"/>). Cancellation by the caller is never treated as a failure.
/// </remarks>
public sealed class ManipulationGuardChatClient : DelegatingChatClient
{
    private readonly IReplyAssessor _assessor;

    /// <summary>Creates the client.</summary>
    /// <param name="innerClient">The client whose replies are checked.</param>
    /// <param name="assessor">The assessor.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public ManipulationGuardChatClient(IChatClient innerClient, IReplyAssessor assessor, ManipulationGuardOptions? options = null)
        : base(innerClient)
    {
        _assessor = assessor ?? throw new ArgumentNullException(nameof(assessor));
        Options = options ?? new ManipulationGuardOptions();
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public ManipulationGuardOptions Options { get; }

    /// <summary>
    /// The default corrective note for a regeneration: one system message naming the criteria that fired and the
    /// offending snippet, asking for a reply to the user's last message without them.
    /// </summary>
    /// <param name="assessment">The flagged assessment.</param>
    /// <returns>The note.</returns>
    public static string CorrectiveNote(ReplyAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var names = string.Join(", ", assessment.Findings.Select(f => GuardCriteria.JudgeNames.TryGetValue(f.Criterion, out var n) ? n : f.Criterion));
        var snippet = assessment.Top is { Snippet.Length: > 0 } top ? $" (for example: \"{top.Snippet}\")" : "";
        return $"Your previous draft reply to the user's last message was withheld because it showed {names}{snippet}. "
            + "Write a new reply to that message that avoids this: be warm and honest, do not flatter, do not claim feelings you do not have, "
            + "do not make yourself the user's only support, do not discourage their other relationships or push a purchase, "
            + "and point to real help where their safety is at stake.";
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var history = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var response = await base.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
        var (final, verdict) = await GuardAsync(history, options, response,
            async (asked, token) => await base.GetResponseAsync(asked, options, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        final.AdditionalProperties ??= [];
        final.AdditionalProperties[GuardVerdict.PropertyName] = verdict;
        return final;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var history = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var updates = await BufferAsync(history, options, cancellationToken).ConfigureAwait(false);
        var first = new BufferedResponse(updates);
        var (final, verdict) = await GuardAsync(history, options, first.Response,
            async (asked, token) => new BufferedResponse(await BufferAsync(asked, options, token).ConfigureAwait(false)).Response, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ChatResponseUpdate> output = final.AdditionalProperties?.TryGetValue(BufferedResponse.Key, out var raw) == true && raw is List<ChatResponseUpdate> buffered
            ? buffered
            : [new ChatResponseUpdate(ChatRole.Assistant, final.Text) { ResponseId = final.ResponseId, ModelId = final.ModelId, FinishReason = ChatFinishReason.Stop, CreatedAt = final.CreatedAt }];
        if (output.Count == 0) output = [new ChatResponseUpdate(ChatRole.Assistant, "")];
        for (int i = 0; i < output.Count; i++)
        {
            var update = output[i];
            if (i == output.Count - 1)
            {
                update.AdditionalProperties ??= [];
                update.AdditionalProperties[GuardVerdict.PropertyName] = verdict;
            }

            yield return update;
        }
    }

    private async Task<List<ChatResponseUpdate>> BufferAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false)) updates.Add(update);
        return updates;
    }

    /// <summary>A whole response built from buffered updates, carrying the updates so a stream can replay them.</summary>
    private sealed class BufferedResponse
    {
        public const string Key = "attune.guard.updates";

        public BufferedResponse(List<ChatResponseUpdate> updates)
        {
            Response = updates.ToChatResponse();
            Response.AdditionalProperties ??= [];
            Response.AdditionalProperties[Key] = updates;
        }

        public ChatResponse Response { get; }
    }

    private async Task<(ChatResponse Response, GuardVerdict Verdict)> GuardAsync(IReadOnlyList<ChatMessage> history, ChatOptions? options, ChatResponse response,
        Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> askAgain, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var activity = GuardTelemetry.Source.StartActivity("guard " + _assessor.Name, ActivityKind.Internal);
        activity?.SetTag(GuardTelemetry.OperationNameTag, "chat");
        activity?.SetTag(GuardTelemetry.AssessorTag, _assessor.Name);
        activity?.SetTag(GuardTelemetry.PolicyTag, Options.Policy.ToString().ToLowerInvariant());
        // A reply without text (only tool calls, say) has nothing to judge: it passes.
        var (assessment, error) = string.IsNullOrWhiteSpace(response.Text)
            ? (ReplyAssessment.Healthy(_assessor.Name), null)
            : await TryAssessAsync(history, response.Text, cancellationToken).ConfigureAwait(false);
        ChatResponse final = response;
        GuardVerdict verdict;
        if (assessment is null)
        {
            verdict = Failed(error!, response.Text, 0);
            if (verdict.Action == GuardAction.FailedClosed) final = Blocked(response);
        }
        else if (!assessment.IsFlagged)
        {
            verdict = new GuardVerdict(GuardAction.Passed, Options.Policy, assessment, 0, _assessor.Name);
        }
        else if (Options.Policy == GuardPolicy.Annotate)
        {
            verdict = new GuardVerdict(GuardAction.Annotated, Options.Policy, assessment, 0, _assessor.Name);
        }
        else if (Options.Policy == GuardPolicy.Block || Options.MaxRegenerations == 0)
        {
            var action = Options.Policy == GuardPolicy.Block || Options.AfterRegenerations == GuardPolicy.Block ? GuardAction.Blocked : GuardAction.Annotated;
            verdict = new GuardVerdict(action, Options.Policy, assessment, 0, _assessor.Name) { WithheldReply = action == GuardAction.Blocked ? response.Text : null };
            if (action == GuardAction.Blocked) final = Blocked(response);
        }
        else
        {
            (final, verdict) = await RegenerateAsync(history, response, assessment, askAgain, cancellationToken).ConfigureAwait(false);
        }

        verdict = verdict with { Added = watch.Elapsed };
        Record(activity, verdict);
        if (Options.OnVerdict is { } onVerdict) await onVerdict(verdict, cancellationToken).ConfigureAwait(false);
        return (final, verdict);
    }

    private async Task<(ChatResponse, GuardVerdict)> RegenerateAsync(IReadOnlyList<ChatMessage> history, ChatResponse original, ReplyAssessment flagged,
        Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> askAgain, CancellationToken cancellationToken)
    {
        var current = flagged;
        var note = Options.CorrectiveNote ?? CorrectiveNote;
        for (int attempt = 1; attempt <= Options.MaxRegenerations; attempt++)
        {
            GuardTelemetry.Regenerations.Add(1, new KeyValuePair<string, object?>(GuardTelemetry.AssessorTag, _assessor.Name));
            var asked = history.Append(new ChatMessage(ChatRole.System, note(current))).ToList();
            var again = await askAgain(asked, cancellationToken).ConfigureAwait(false);
            var (assessment, error) = await TryAssessAsync(history, again.Text, cancellationToken).ConfigureAwait(false);
            if (assessment is null)
            {
                var failed = Failed(error!, again.Text, attempt) with { WithheldReply = original.Text };
                return (failed.Action == GuardAction.FailedClosed ? Blocked(original) : again, failed);
            }

            if (!assessment.IsFlagged)
            {
                return (again, new GuardVerdict(GuardAction.Regenerated, GuardPolicy.Regenerate, flagged, attempt, _assessor.Name) { WithheldReply = original.Text });
            }

            current = assessment;
        }

        if (Options.AfterRegenerations == GuardPolicy.Annotate)
        {
            return (original, new GuardVerdict(GuardAction.Annotated, GuardPolicy.Regenerate, flagged, Options.MaxRegenerations, _assessor.Name));
        }

        return (Blocked(original), new GuardVerdict(GuardAction.Blocked, GuardPolicy.Regenerate, flagged, Options.MaxRegenerations, _assessor.Name) { WithheldReply = original.Text });
    }

    private GuardVerdict Failed(Exception error, string reply, int regenerations)
    {
        bool closed = Options.FailureMode == GuardFailureMode.FailClosed;
        var message = error is TimeoutException ? $"the assessor took longer than {Options.AssessmentTimeout.TotalSeconds:0.#} s" : error.Message;
        return new GuardVerdict(closed ? GuardAction.FailedClosed : GuardAction.FailedOpen, Options.Policy, null, regenerations, _assessor.Name)
        {
            Error = Attune.Chat.SecretRedactor.Redact(message),
            WithheldReply = closed ? reply : null,
        };
    }

    private async Task<(ReplyAssessment? Assessment, Exception? Error)> TryAssessAsync(IReadOnlyList<ChatMessage> history, string reply, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.AssessmentTimeout);
        try
        {
            var assessment = await _assessor.AssessAsync(history, reply, timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
            return assessment is null ? (null, new InvalidOperationException("the assessor returned no assessment")) : (assessment, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return (null, new TimeoutException());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, ex);
        }
    }

    private ChatResponse Blocked(ChatResponse original) =>
        new(new ChatMessage(ChatRole.Assistant, Options.BlockMessage))
        {
            ResponseId = original.ResponseId,
            ModelId = original.ModelId,
            CreatedAt = original.CreatedAt,
            FinishReason = ChatFinishReason.Stop,
            Usage = original.Usage,
        };

    private void Record(Activity? activity, GuardVerdict verdict)
    {
        var top = verdict.Assessment?.Top?.Criterion ?? "none";
        GuardTelemetry.Verdicts.Add(1,
            new KeyValuePair<string, object?>(GuardTelemetry.ActionTag, verdict.ActionName),
            new KeyValuePair<string, object?>(GuardTelemetry.AssessorTag, verdict.Assessor),
            new KeyValuePair<string, object?>(GuardTelemetry.EvaluationNameTag, top));
        GuardTelemetry.AddedDuration.Record(verdict.Added.TotalSeconds,
            new KeyValuePair<string, object?>(GuardTelemetry.ActionTag, verdict.ActionName),
            new KeyValuePair<string, object?>(GuardTelemetry.AssessorTag, verdict.Assessor));
        if (activity is null) return;
        activity.SetTag(GuardTelemetry.ActionTag, verdict.ActionName);
        activity.SetTag("attune.guard.regenerations", verdict.Regenerations);
        if (verdict.Error is not null)
        {
            activity.SetTag(GuardTelemetry.ErrorTypeTag, "assessor_failed");
            activity.SetStatus(ActivityStatusCode.Error, verdict.Error);
        }

        foreach (var (criterion, score) in verdict.Assessment?.Scores ?? new Dictionary<string, double>())
        {
            var finding = verdict.Assessment!.Findings.FirstOrDefault(f => f.Criterion == criterion);
            var tags = new ActivityTagsCollection
            {
                [GuardTelemetry.EvaluationNameTag] = criterion,
                [GuardTelemetry.EvaluationScoreTag] = score,
                [GuardTelemetry.EvaluationLabelTag] = finding is null ? "pass" : "fail",
            };
            if (Options.EnableSensitiveData && finding is { Snippet.Length: > 0 }) tags[GuardTelemetry.EvaluationExplanationTag] = finding.Snippet;
            activity.AddEvent(new ActivityEvent(GuardTelemetry.EvaluationEvent, tags: tags));
        }
    }
}
