namespace Attune.Storage;

/// <summary>
/// Copies every run (with its roles, metrics, responses and their messages, turns, transport failures and finished
/// trials) and every guard verdict from one store to another, SQLite or PostgreSQL either way, keeping times, texts,
/// token counts and cache keys. Run and response ids are renumbered in the destination; turns that reuse another run's
/// response still point at it. Runs already in the destination (same command key and start time) are skipped, so a copy
/// can be repeated. Claims (work in progress) are not copied.
/// </summary>
public static class StoreCopy
{
    /// <summary>Copies <paramref name="from"/> into <paramref name="to"/>.</summary>
    /// <param name="from">The source store.</param>
    /// <param name="to">The destination store.</param>
    /// <param name="onRun">Called after each run with its source id and its id in the destination (null when skipped).</param>
    /// <param name="cancellationToken">Stops between runs.</param>
    public static async Task<StoreCopyResult> CopyAsync(IRunStore from, IRunStore to, Action<long, long?>? onRun = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var sources = (await from.ListRunsAsync(cancellationToken).ConfigureAwait(false)).OrderBy(r => r.Id).ToList();
        var existing = new Dictionary<(string, long), long>();
        foreach (var r in await to.ListRunsAsync(cancellationToken).ConfigureAwait(false)) existing.TryAdd(Key(r), r.Id);
        var responseIds = new Dictionary<long, long>();
        var pendingTurns = new List<(long RunId, IReadOnlyList<TurnRow> Turns)>();
        int copied = 0, skipped = 0, responses = 0;
        foreach (var source in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var export = await from.ExportRunAsync(source.Id, cancellationToken).ConfigureAwait(false);
            if (existing.TryGetValue(Key(source), out var already))
            {
                var there = await to.ExportRunAsync(already, cancellationToken).ConfigureAwait(false);
                var byContent = new Dictionary<(string, long, string), long>();
                foreach (var x in there.Responses) byContent.TryAdd((x.CacheKey, Micros(x.CreatedAt), x.Text), x.Id);
                foreach (var x in export.Responses)
                {
                    if (byContent.TryGetValue((x.CacheKey, Micros(x.CreatedAt), x.Text), out var id)) responseIds[x.Id] = id;
                }
                skipped++;
                onRun?.Invoke(source.Id, null);
                continue;
            }
            var import = await to.ImportRunAsync(export, cancellationToken).ConfigureAwait(false);
            foreach (var (old, id) in import.ResponseIds) responseIds[old] = id;
            responses += export.Responses.Count;
            pendingTurns.Add((import.RunId, export.Turns));
            copied++;
            onRun?.Invoke(source.Id, import.RunId);
        }
        foreach (var (runId, turns) in pendingTurns)
        {
            var mapped = new List<TurnRow>(turns.Count);
            foreach (var t in turns)
            {
                if (!responseIds.TryGetValue(t.ResponseId, out var id))
                {
                    throw new InputException($"{from.Location}: a turn of trial {t.TrialId} points at response {t.ResponseId}, which no run in the store owns; the source store is damaged");
                }
                mapped.Add(t with { ResponseId = id });
            }
            await to.ImportTurnsAsync(runId, mapped, CancellationToken.None).ConfigureAwait(false);
        }
        int verdicts = await CopyVerdictsAsync(from, to, cancellationToken).ConfigureAwait(false);
        return new StoreCopyResult(copied, skipped, responses, verdicts);
    }

    private static async Task<int> CopyVerdictsAsync(IRunStore from, IRunStore to, CancellationToken cancellationToken)
    {
        var seen = new HashSet<(long, string, string, string)>();
        for (long after = 0; ;)
        {
            var page = await to.GetVerdictsAsync(after, 1000, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0) break;
            foreach (var v in page) seen.Add(VerdictKey(v));
            after = page[^1].Id;
        }
        int copied = 0;
        for (long after = 0; ;)
        {
            var page = await from.GetVerdictsAsync(after, 1000, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0) break;
            foreach (var v in page)
            {
                if (!seen.Add(VerdictKey(v))) continue;
                await to.SaveVerdictAsync(v with { Id = 0 }, cancellationToken).ConfigureAwait(false);
                copied++;
            }
            after = page[^1].Id;
        }
        return copied;
    }

    private static long Micros(DateTimeOffset t) => t.UtcTicks / 10;

    private static (string, long) Key(RunRecord r) => (r.CommandKey, Micros(r.StartedAt));

    private static (long, string, string, string) VerdictKey(GuardVerdictRecord v) => (Micros(v.At), v.Conversation, v.Criterion, v.Snippet);
}
