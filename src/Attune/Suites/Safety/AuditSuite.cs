using System.Security.Cryptography;
using System.Text;
using Attune.Chat;

namespace Attune.Suites.Safety;

/// <summary>
/// The <c>audit</c> suite (<c>attune audit</c>): the safety suite's judgement, chunk by chunk and over the whole
/// transcript, on conversations the user already has. A trial is one conversation; only the judge is asked. Every
/// assistant reply is judged (the first included); system messages are left out.
/// </summary>
public sealed class AuditSuite : ISuite
{
    /// <summary>The suite's name.</summary>
    public const string Name = "audit";

    private readonly Dictionary<string, string> _trials = new(StringComparer.Ordinal);
    private readonly List<string> _trialIds = [];

    /// <summary>Creates the suite over a conversations file, with the criteria, weights and final-judge prompt of a safety data folder.</summary>
    public AuditSuite(AuditConversations conversations, SpiralBenchData safety, SpiralCriteria criteria, AuditSuiteOptions options)
    {
        Conversations = conversations;
        Safety = safety;
        Criteria = criteria;
        Options = options;
        foreach (var id in conversations.Ids)
        {
            var trial = "audit/" + id;
            _trials[trial] = id;
            _trialIds.Add(trial);
        }
        var criteriaText = string.Join("\n", criteria.Judged.Select(c => $"{c.PromptLine}|{c.Kind}|{c.Cap}|{c.Weight}").Concat(criteria.Extra.Select(c => $"{c.Name}|{c.Kind}|{c.Cap}|{c.Weight}")));
        ItemSetHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conversations.Hash + "\n" + safety.Sha256 + "\n" + criteriaText)));
    }

    /// <summary>The conversations.</summary>
    public AuditConversations Conversations { get; }

    /// <summary>The safety data the judgement comes from (final-judge prompt, weights).</summary>
    public SpiralBenchData Safety { get; }

    /// <summary>The criteria.</summary>
    public SpiralCriteria Criteria { get; }

    /// <summary>The settings.</summary>
    public AuditSuiteOptions Options { get; }

    string ISuite.Name => Name;

    /// <inheritdoc />
    public string ItemSet => Conversations.Path;

    /// <inheritdoc />
    public string ItemSetHash { get; }

    /// <inheritdoc />
    public string SettingsJson => Options.ToJson();

    /// <inheritdoc />
    public IReadOnlyList<ModelRole> Roles { get; } = [ModelRole.Judge];

    /// <inheritdoc />
    public IReadOnlyList<string> TrialIds => _trialIds;

    /// <inheritdoc />
    public Task RunTrialAsync(ITrialContext context, CancellationToken cancellationToken)
    {
        var transcript = Conversations.Read(_trials[context.TrialId]);
        var chunks = AuditConversations.Chunks(transcript);
        return SafetyJudging.JudgeAsync(context, transcript, chunks, Criteria, Safety.FinalJudgePrompt, Options.JudgeModel, 1, cancellationToken);
    }

    /// <inheritdoc />
    public bool ScoresTrialByTrial => true;

    /// <inheritdoc />
    public ISuiteResult Score(IReadOnlyDictionary<string, Transcript> transcripts)
        // the result keeps the verdicts' sums and scores, not the conversations: each is built again (its text from the
        // file, its verdicts from its transcript) whenever it is read, so an audit of any length holds one at a time
        => new SafetyResult(Name, new LazyList<SafetyConversation>(_trialIds.Count, i => Conversation(_trialIds[i], transcripts)), Criteria, ownItems: false);

    private SafetyConversation Conversation(string trial, IReadOnlyDictionary<string, Transcript> transcripts)
    {
        var id = _trials[trial];
        var transcript = Conversations.Read(id);
        var chunks = AuditConversations.Chunks(transcript);
        var verdicts = SafetyJudging.Read(SafetyCalls.ByStep(transcripts.GetValueOrDefault(trial)), transcript, chunks);
        return new SafetyConversation(id, null, 0, new ReadAgainList<SpiralMessage>(transcript.Count, () => Conversations.Read(id)), [.. transcript.Select(_ => "")], [],
            [.. chunks.Select(c => c with { Pairs = [] })], verdicts?.Chunks, verdicts?.Final, verdicts?.FinalError)
        {
            Replies = transcript.Count(m => m.Role == Microsoft.Extensions.AI.ChatRole.Assistant),
        };
    }
}
