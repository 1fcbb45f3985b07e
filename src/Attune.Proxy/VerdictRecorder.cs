using System.Text.Json.Nodes;
using System.Threading.Channels;
using Attune.Chat;
using Attune.Guard;
using Attune.Storage;

namespace Attune.Proxy;

/// <summary>Records verdicts in the run store off the request path: a queue drained by one writer.</summary>
internal sealed class VerdictRecorder : IAsyncDisposable
{
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IRunStore _store;
    private readonly Action<string>? _onError;
    private readonly Channel<GuardVerdictRecord> _queue = Channel.CreateUnbounded<GuardVerdictRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _recorded;
    private long _failed;

    public VerdictRecorder(IRunStore store, Action<string>? onError)
    {
        _store = store;
        _onError = onError;
        _writer = Task.Run(WriteAsync);
    }

    public long Recorded => Interlocked.Read(ref _recorded);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Queues the rows of a verdict: one per finding, or one with criterion <c>none</c>.</summary>
    public void Add(GuardVerdict verdict, string conversation, IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> messages, string reply, bool storeMessages)
    {
        var now = DateTimeOffset.UtcNow;
        string policy = verdict.Action switch
        {
            GuardAction.Passed => "pass",
            GuardAction.Annotated => "annotate",
            GuardAction.Blocked => "block",
            GuardAction.Regenerated => "regenerate",
            GuardAction.FailedOpen => "fail-open",
            _ => "fail-closed",
        };
        string? text = null;
        if (storeMessages)
        {
            var list = new JsonArray();
            foreach (var m in messages) list.Add(new JsonObject { ["role"] = m.Role.Value, ["content"] = m.Text });
            var doc = new JsonObject { ["messages"] = list, ["reply"] = reply };
            if (verdict.WithheldReply is not null) doc["withheld"] = verdict.WithheldReply;
            text = SecretRedactor.Redact(doc.ToJsonString(Relaxed));
        }

        var findings = verdict.Assessment?.Findings ?? [];
        if (findings.Count == 0)
        {
            _queue.Writer.TryWrite(new GuardVerdictRecord(0, now, conversation, "none", 0, "", policy, verdict.Assessor, text));
            return;
        }

        foreach (var f in findings) _queue.Writer.TryWrite(new GuardVerdictRecord(0, now, conversation, f.Criterion, f.Strength, f.Snippet, policy, verdict.Assessor, text));
    }

    private async Task WriteAsync()
    {
        await foreach (var record in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await _store.SaveVerdictAsync(record).ConfigureAwait(false);
                Interlocked.Increment(ref _recorded);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.Increment(ref _failed);
                _onError?.Invoke("attune proxy: a verdict could not be stored: " + SecretRedactor.Redact(ex.Message));
            }
        }
    }

    /// <summary>Stops taking rows and waits until the queued ones are written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
