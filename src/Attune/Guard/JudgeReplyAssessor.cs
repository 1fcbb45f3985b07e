using Attune.Chat;
using Attune.Suites.Safety;
using Microsoft.Extensions.AI;

namespace Attune.Guard;

/// <summary>
/// A judge-model assessor: asks any <see cref="IChatClient"/> the safety rubric's per-reply question (the prompt of
/// <see cref="SpiralChunkJudge"/> over the last user turn and the reply, with the criterion lines of the rubric files
/// <c>Data/safety/data/rubric_criteria.txt</c> for the nine guard criteria) and reads its answer with the safety
/// suite's own verdict parser (<see cref="SpiralChunkJudge.Parse"/>). A finding's strength is the judge's strongest
/// incidence (1–3) divided by 3; its snippet is that incidence's quote.
/// </summary>
/// <remarks>Slower and costlier than <see cref="LocalReplyAssessor"/>, but it reads meaning rather than phrasing.
/// A request or answer that fails throws <see cref="ProviderException"/>; the guard's failure mode decides what then.</remarks>
public sealed class JudgeReplyAssessor : IReplyAssessor
{
    private const string RubricResource = "Attune.Data/safety/data/rubric_criteria.txt";

    private static readonly Lazy<IReadOnlyList<string>> RubricLines = new(() =>
    {
        using var stream = typeof(JudgeReplyAssessor).Assembly.GetManifestResourceStream(RubricResource)
            ?? throw new InvalidOperationException($"The Attune assembly has no embedded resource '{RubricResource}'.");
        using var reader = new StreamReader(stream);
        return SpiralCriteria.CriterionLines(reader.ReadToEnd());
    });

    private readonly IChatClient _judge;
    private readonly SpiralCriteria _criteria;
    private readonly Dictionary<string, string> _idByJudgeName;

    /// <summary>Creates the assessor.</summary>
    /// <param name="judge">The judge model's client.</param>
    /// <param name="name">The name verdicts record (e.g. <c>model:openai:gpt-4o-mini</c>).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">A criterion is unknown or <see cref="JudgeReplyAssessorOptions.MinStrength"/> is not 1–3.</exception>
    public JudgeReplyAssessor(IChatClient judge, string name, JudgeReplyAssessorOptions? options = null)
    {
        _judge = judge ?? throw new ArgumentNullException(nameof(judge));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Options = options ?? new JudgeReplyAssessorOptions();
        if (Options.MinStrength is < 1 or > 3) throw new ArgumentException("MinStrength must be 1, 2 or 3.", nameof(options));
        var unknown = Options.Criteria.FirstOrDefault(c => !GuardCriteria.IsKnown(c));
        if (unknown is not null) throw new ArgumentException($"'{unknown}' is not a guard criterion.", nameof(options));
        if (Options.Criteria.Count == 0) throw new ArgumentException("At least one criterion is needed.", nameof(options));
        var wanted = Options.Criteria.Select(c => GuardCriteria.JudgeNames[c]).ToHashSet(StringComparer.Ordinal);
        var lines = RubricLines.Value.Where(l => wanted.Contains(SpiralCriteria.CriterionKey(l))).ToList();
        _criteria = new SpiralCriteria(lines, null, null);
        _idByJudgeName = Options.Criteria.ToDictionary(c => Normalise(GuardCriteria.JudgeNames[c]), c => c, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The settings.</summary>
    public JudgeReplyAssessorOptions Options { get; }

    /// <summary>The judge's request for a reply: [system, user] messages.</summary>
    /// <param name="messages">The conversation up to the reply.</param>
    /// <param name="reply">The reply.</param>
    /// <returns>The messages to send.</returns>
    public IReadOnlyList<ChatMessage> Request(IReadOnlyList<ChatMessage> messages, string reply)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(reply);
        var users = messages.Where(m => m.Role == ChatRole.User).Select(m => m.Text).ToList();
        var user = users.Count > 0 ? users[^1] : "";
        var opening = users.Count > 1 ? users[0] : "(the conversation starts with the turn below)";
        var chunk = Chunk(user, reply);
        return [new ChatMessage(ChatRole.System, SpiralChunkJudge.SystemPrompt), new ChatMessage(ChatRole.User, SpiralChunkJudge.Prompt(opening, chunk, _criteria))];
    }

    /// <inheritdoc />
    public async Task<ReplyAssessment> AssessAsync(IReadOnlyList<ChatMessage> messages, string reply, CancellationToken cancellationToken = default)
    {
        var request = Request(messages, reply);
        ChatResponse response;
        try
        {
            response = await _judge.GetResponseAsync(request, Options.RequestOptions?.Clone() ?? new ChatOptions { Temperature = 0 }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ProviderException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ProviderException($"guard judge {Name}: {SecretRedactor.Redact(ex.Message)}", ex);
        }

        return Read(response.Text, messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "", reply);
    }

    /// <summary>Reads a judge's answer with the safety suite's verdict parser.</summary>
    /// <param name="answer">The judge's answer, verbatim.</param>
    /// <param name="user">The user turn judged.</param>
    /// <param name="reply">The reply judged.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="ProviderException">The answer holds no readable verdict.</exception>
    public ReplyAssessment Read(string answer, string user, string reply)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var judgement = SpiralChunkJudge.Parse(answer, Chunk(user ?? "", reply ?? ""));
        if (judgement.IsError || judgement.FullMetrics is null)
        {
            throw new ProviderException($"guard judge {Name}: its answer holds no readable verdict ({judgement.Error})");
        }

        var scores = Options.Criteria.ToDictionary(c => c, _ => 0.0, StringComparer.Ordinal);
        var findings = new List<CriterionFinding>();
        foreach (var (key, incidences) in judgement.FullMetrics)
        {
            if (!_idByJudgeName.TryGetValue(Normalise(key), out var id) || incidences.Count == 0) continue;
            var strongest = incidences.OrderByDescending(i => i.Strength).First();
            double strength = strongest.Strength / 3.0;
            scores[id] = Math.Max(scores[id], strength);
            if (strongest.Strength >= Options.MinStrength && findings.All(f => f.Criterion != id))
            {
                findings.Add(new CriterionFinding(id, strength, strongest.Snippet));
            }
        }

        findings.Sort((a, b) => b.Strength.CompareTo(a.Strength));
        return new ReplyAssessment(Name, findings) { Scores = scores };
    }

    private static SpiralChunk Chunk(string user, string reply) => new(0, [new SpiralTurnPair(user, reply)], [1], reply.Length, 0);

    private static string Normalise(string key) => key.Replace('_', ' ').Replace('-', ' ').ToLowerInvariant();
}
