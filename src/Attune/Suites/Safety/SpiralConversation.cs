using Microsoft.Extensions.AI;

namespace Attune.Suites.Safety;

/// <summary>
/// One conversation driven turn by turn (the reference's <c>run_conversation</c> without the API calls): ask
/// <see cref="NextRequest"/> what to send, then report the reply with <see cref="AddReply"/> or a failure after all
/// retries with <see cref="AddFailure"/>. Scripted user turns are appended by the conversation itself.
/// </summary>
/// <remarks>
/// No I/O and no clock: the same setup and replies give the same requests. The injection RNG advances once per
/// generated user turn when its request is first built (asking twice returns the same request). Save
/// <see cref="Transcript"/>, <see cref="InjectionsLog"/> and <see cref="Errors"/> after every reply; once
/// <see cref="IsFinished"/>, the reference stores the conversation with <c>completed: true</c> (after a failure too).
/// </remarks>
public sealed class SpiralConversation
{
    private readonly List<SpiralMessage> _transcript;
    private readonly List<string> _log;
    private readonly List<SpiralTurnError> _errors;
    private readonly SpiralInjector _injector;
    private SpiralRequest? _pending;
    private bool _stopped;
    private bool _resumedUserMove;

    /// <summary>Starts a fresh conversation: the transcript is the seed's opening message.</summary>
    /// <param name="setup">The setup.</param>
    public SpiralConversation(SpiralConversationSetup setup)
        : this(setup, SpiralLoop.Start(setup?.Prompts ?? throw new ArgumentNullException(nameof(setup))), [""], [])
    {
    }

    private SpiralConversation(SpiralConversationSetup setup, IEnumerable<SpiralMessage> transcript, IEnumerable<string> log, IEnumerable<SpiralTurnError> errors)
    {
        Setup = setup;
        _transcript = transcript.ToList();
        _log = log.ToList();
        _errors = errors.ToList();
        // keep injections_log as long as the transcript
        while (_log.Count < _transcript.Count) _log.Add("");
        if (_log.Count > _transcript.Count) _log.RemoveRange(_transcript.Count, _log.Count - _transcript.Count);
        _injector = new SpiralInjector(setup.RngSeed, setup.Injections, setup.InjectionEveryN);
    }

    /// <summary>
    /// Continues a stored, incomplete conversation as the reference does: the injection sequence starts again; a
    /// conversation that already has <c>NumTurns</c> replies is finished as it is; if the last message is a subject reply,
    /// the user moves first. An empty stored transcript starts afresh.
    /// </summary>
    /// <param name="setup">The setup.</param>
    /// <param name="transcript">The stored transcript.</param>
    /// <param name="injectionsLog">The stored injections log (padded or cut to the transcript's length).</param>
    /// <param name="errors">The stored errors.</param>
    public static SpiralConversation Resume(SpiralConversationSetup setup, IReadOnlyList<SpiralMessage> transcript,
        IReadOnlyList<string>? injectionsLog = null, IReadOnlyList<SpiralTurnError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(transcript);
        if (transcript.Count == 0) return new SpiralConversation(setup);
        var conversation = new SpiralConversation(setup, transcript, injectionsLog ?? [], errors ?? []);
        if (SpiralLoop.AssistantTurns(transcript) >= setup.NumTurns)
        {
            conversation._stopped = true;
        }
        else if (transcript[^1].Role == ChatRole.Assistant)
        {
            conversation._resumedUserMove = true;
            conversation.ApplyScriptedTurn();
        }
        return conversation;
    }

    /// <summary>The setup.</summary>
    public SpiralConversationSetup Setup { get; }

    /// <summary>The canonical transcript so far (roles as the subject sees them).</summary>
    public IReadOnlyList<SpiralMessage> Transcript => _transcript;

    /// <summary>Per transcript message, the injection used to write it ("" for all but injected user turns).</summary>
    public IReadOnlyList<string> InjectionsLog => _log;

    /// <summary>The API failures that stopped the conversation (at most one).</summary>
    public IReadOnlyList<SpiralTurnError> Errors => _errors;

    /// <summary>What happens next (<see cref="SpiralMove.Finished"/> after a failure).</summary>
    public SpiralMove NextMove => _stopped ? SpiralMove.Finished : SpiralLoop.NextMove(_transcript, Setup.Prompts, Setup.NumTurns);

    /// <summary>True when the loop stops here: all turns done, or a model failed.</summary>
    public bool IsFinished => NextMove == SpiralMove.Finished;

    /// <summary>The request to send next (subject or user agent), or null when finished.</summary>
    public SpiralRequest? NextRequest()
    {
        if (_pending is not null) return _pending;
        switch (NextMove)
        {
            case SpiralMove.Subject:
                _pending = SpiralLoop.SubjectRequest(_transcript, Setup.SubjectModel);
                break;
            case SpiralMove.GeneratedUser:
                var injection = _injector.Next();
                _pending = SpiralUserAgent.Request(_transcript, Setup.UserSystemPrompt, injection, Setup.UserModel);
                break;
            default:
                return null;
        }
        return _pending;
    }

    /// <summary>Records the reply to the pending request verbatim; a scripted user turn that follows is appended too.</summary>
    /// <param name="content">The reply's text, exactly as received.</param>
    /// <exception cref="InvalidOperationException">No request is pending.</exception>
    public void AddReply(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var request = _pending ?? throw new InvalidOperationException("no request is pending: call NextRequest first");
        _pending = null;
        if (request.Role == SpiralModelRole.Subject)
        {
            _transcript.Add(SpiralMessage.Assistant(content));
            _log.Add("");
            ApplyScriptedTurn();
        }
        else
        {
            _transcript.Add(SpiralMessage.User(content));
            _log.Add(request.Injection);
            _resumedUserMove = false;
        }
    }

    /// <summary>Records that the pending request failed after all retries: the error is logged and the loop stops.</summary>
    /// <param name="error">The error text.</param>
    /// <exception cref="InvalidOperationException">No request is pending.</exception>
    public void AddFailure(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var request = _pending ?? throw new InvalidOperationException("no request is pending: call NextRequest first");
        _pending = null;
        int replies = SpiralLoop.AssistantTurns(_transcript);
        var failure = request.Role == SpiralModelRole.Subject
            ? new SpiralTurnError(replies, "assistant", error)
            // the reference logs the user move's turn as t, except for the first move after resuming (t + 1)
            : new SpiralTurnError(_resumedUserMove ? replies : replies - 1, "user", error);
        _errors.Add(failure);
        _stopped = true;
    }

    private void ApplyScriptedTurn()
    {
        if (SpiralLoop.NextMove(_transcript, Setup.Prompts, Setup.NumTurns) != SpiralMove.ScriptedUser) return;
        _transcript.Add(SpiralMessage.User(SpiralLoop.ScriptedUserTurn(Setup.Prompts, SpiralLoop.AssistantTurns(_transcript))!));
        _log.Add("");
        _resumedUserMove = false;
    }
}
