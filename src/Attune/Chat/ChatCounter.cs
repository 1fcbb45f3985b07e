namespace Attune.Chat;

/// <summary>Thread-safe counts of the answers a role's client received, for progress displays and accounting.</summary>
public sealed class ChatCounter
{
    private int _answers;
    private int _fromCache;
    private int _failures;
    private long _inputTokens;
    private long _outputTokens;

    /// <summary>Answers received, including those served from the store.</summary>
    public int Answers => Volatile.Read(ref _answers);

    /// <summary>Answers served from the store instead of the model.</summary>
    public int FromCache => Volatile.Read(ref _fromCache);

    /// <summary>Failed tries (retried or final).</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Prompt tokens of answers the model was asked for.</summary>
    public long InputTokens => Interlocked.Read(ref _inputTokens);

    /// <summary>Completion tokens of answers the model was asked for.</summary>
    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    /// <summary>Raised after every change.</summary>
    public event Action? Changed;

    /// <summary>Counts one answer.</summary>
    public void AddAnswer(bool fromCache, long? inputTokens, long? outputTokens)
    {
        Interlocked.Increment(ref _answers);
        if (fromCache) Interlocked.Increment(ref _fromCache);
        else
        {
            Interlocked.Add(ref _inputTokens, inputTokens ?? 0);
            Interlocked.Add(ref _outputTokens, outputTokens ?? 0);
        }
        Changed?.Invoke();
    }

    /// <summary>Counts one failed try.</summary>
    public void AddFailure()
    {
        Interlocked.Increment(ref _failures);
        Changed?.Invoke();
    }
}
