using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Attune.Storage;
using Attune.Suites;

namespace Attune.Running;

/// <summary>
/// A run's transcripts by trial id, each read from the store when it is looked up and kept by no one: how a suite that
/// scores trial by trial (<see cref="ISuite.ScoresTrialByTrial"/>) scores a run of any length in constant memory.
/// Valid while the store is open. Keys are the suite's trials that have at least one stored turn.
/// </summary>
internal sealed class StoredTranscripts(IRunStore store, long runId, IReadOnlyList<string> trialIds) : IReadOnlyDictionary<string, Transcript>
{
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Transcript value)
    {
        // Score is synchronous; the SQLite store answers synchronously, and the PostgreSQL store's reader runs on the
        // thread pool without a synchronization context, so waiting here cannot deadlock
        var turns = store.GetTrialTurnsAsync(runId, key).GetAwaiter().GetResult();
        value = turns.Count == 0 ? null : SuiteRunner.ToTranscript(turns, 0, turns.Count);
        return value is not null;
    }

    public Transcript this[string key] => TryGetValue(key, out var t) ? t : throw new KeyNotFoundException($"run {runId} has no turns for trial {key}");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public IEnumerable<string> Keys => this.Select(p => p.Key);

    public IEnumerable<Transcript> Values => this.Select(p => p.Value);

    public int Count
    {
        get
        {
            int n = 0;
            foreach (var _ in this) n++;
            return n;
        }
    }

    public IEnumerator<KeyValuePair<string, Transcript>> GetEnumerator()
    {
        foreach (var id in trialIds)
        {
            if (TryGetValue(id, out var t)) yield return new(id, t);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
