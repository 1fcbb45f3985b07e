using Attune.Chat;
using Microsoft.Extensions.AI;

namespace Attune.Suites.Safety;

/// <summary>
/// The <c>safety</c> suite: Spiral-Bench as its reference runs it. A trial is one conversation: a simulated, suggestible
/// user (the user role) talks with the subject for N turns (the subject gets no system message), then the judge marks
/// incidents in every chunk and rates the whole transcript. Every message is stored as it arrives, so a conversation
/// killed at any turn resumes there with the same injections (the injection schedule is a pure function of the seed).
/// </summary>
public sealed class SafetySuite : ISuite
{
    /// <summary>The suite's name.</summary>
    public const string Name = "safety";

    private readonly Dictionary<string, SpiralTask> _trials = new(StringComparer.Ordinal);
    private readonly List<string> _trialIds = [];

    /// <summary>Creates the suite over a loaded Spiral-Bench-layout folder.</summary>
    public SafetySuite(SpiralBenchData data, string itemSet, SafetySuiteOptions options)
    {
        Data = data;
        ItemSet = itemSet;
        Options = options;
        Protocol = options.ToProtocol();
        foreach (var task in SpiralTaskList.Create(data, Protocol))
        {
            var id = TrialId(task);
            _trials[id] = task;
            _trialIds.Add(id);
        }
        if (_trialIds.Count == 0) throw new InputException($"{data.Directory}: no seed conversations to run");
    }

    /// <summary>The trial id of a task: <c>safety/&lt;prompt key&gt;/c&lt;conversation index&gt;</c>.</summary>
    public static string TrialId(SpiralTask task) => $"safety/{task.PromptKey}/c{task.ConvoIndex}";

    /// <summary>The data folder.</summary>
    public SpiralBenchData Data { get; }

    /// <summary>The settings.</summary>
    public SafetySuiteOptions Options { get; }

    /// <summary>The protocol options the settings stand for.</summary>
    public SpiralBenchOptions Protocol { get; }

    /// <summary>The tasks in run order (the reference's shuffled task list).</summary>
    public IReadOnlyList<SpiralTask> Tasks => [.. _trialIds.Select(id => _trials[id])];

    string ISuite.Name => Name;

    /// <inheritdoc />
    public string ItemSet { get; }

    /// <inheritdoc />
    public string ItemSetHash => Data.Sha256;

    /// <inheritdoc />
    public string SettingsJson => Options.ToJson();

    /// <inheritdoc />
    public IReadOnlyList<ModelRole> Roles { get; } = [ModelRole.Subject, ModelRole.User, ModelRole.Judge];

    /// <inheritdoc />
    public IReadOnlyList<string> TrialIds => _trialIds;

    /// <summary>The conversation setup of a task.</summary>
    public SpiralConversationSetup Setup(SpiralTask task) => SpiralConversationSetup.For(Data, task, Protocol);

    /// <inheritdoc />
    public async Task RunTrialAsync(ITrialContext context, CancellationToken cancellationToken)
    {
        var task = _trials.TryGetValue(context.TrialId, out var t) ? t : throw new ArgumentException($"unknown trial {context.TrialId}", nameof(context));
        var conversation = new SpiralConversation(Setup(task));
        int sample = task.ConvoIndex + 1;
        // A chunk's verdict depends only on its own exchanges (and the opening message), so each full chunk is judged
        // while the conversation goes on; the judge then adds one call, the final judgement, to the conversation's chain.
        var judging = new List<Task>();
        int started = 0;
        void JudgeFullChunks(bool all)
        {
            var chunks = SpiralChunkJudge.Chunks(conversation.Transcript, Protocol.ChunkSize, Protocol.JudgeAssistantMaxChars);
            for (; started < chunks.Count && (all || chunks[started].Pairs.Count == Protocol.ChunkSize); started++)
            {
                judging.Add(SafetyJudging.JudgeChunkAsync(context, conversation.Transcript[0].Content, chunks[started], Data.Criteria, Options.JudgeModel, sample, cancellationToken));
            }
        }
        try
        {
            while (conversation.NextRequest() is { } request)
            {
                var role = request.Role == SpiralModelRole.Subject ? ModelRole.Subject : ModelRole.User;
                var reply = await SafetyCalls.AskAsync(context, role, request, SafetyCalls.TurnStep(request), sample, cancellationToken).ConfigureAwait(false);
                if (reply is null) conversation.AddFailure($"no usable reply after {SafetySuiteOptions.UsableReplyAttempts} attempts (empty or glitched)");
                else conversation.AddReply(reply);
                if (role == ModelRole.Subject) JudgeFullChunks(all: false);
            }
            JudgeFullChunks(all: true);
            judging.Add(SafetyJudging.JudgeFinalAsync(context, conversation.Transcript, Data.FinalJudgePrompt, Options.JudgeModel, sample, cancellationToken));
        }
        finally
        {
            await Task.WhenAll(judging).ConfigureAwait(false);
        }
    }

    /// <summary>A stored conversation replayed from its turns (null verdicts when it is not finished).</summary>
    public SafetyConversation Replay(SpiralTask task, Transcript? transcript)
    {
        var byStep = SafetyCalls.ByStep(transcript);
        var conversation = new SpiralConversation(Setup(task));
        bool finished = true;
        while (conversation.NextRequest() is { } request)
        {
            if (SafetyCalls.Stored(byStep, SafetyCalls.TurnStep(request)) is not { } reply)
            {
                finished = false;
                break;
            }
            if (reply.Usable) conversation.AddReply(reply.Text);
            else conversation.AddFailure($"no usable reply after {SafetySuiteOptions.UsableReplyAttempts} attempts (empty or glitched)");
        }
        var chunks = finished ? SpiralChunkJudge.Chunks(conversation.Transcript, Protocol.ChunkSize, Protocol.JudgeAssistantMaxChars) : [];
        var verdicts = finished ? SafetyJudging.Read(byStep, conversation.Transcript, chunks) : null;
        return new SafetyConversation(task.PromptKey, task.Seed.Category, task.ConvoIndex, conversation.Transcript, conversation.InjectionsLog,
            conversation.Errors, chunks, verdicts?.Chunks, verdicts?.Final, verdicts?.FinalError);
    }

    /// <inheritdoc />
    public ISuiteResult Score(IReadOnlyDictionary<string, Transcript> transcripts)
    {
        var conversations = _trialIds.Select(id => Replay(_trials[id], transcripts.GetValueOrDefault(id))).ToList();
        return new SafetyResult(Name, conversations, Data.Criteria, ItemSet.StartsWith("builtin:", StringComparison.Ordinal));
    }
}
