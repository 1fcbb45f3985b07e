using System.Collections.Concurrent;
using Attune.Chat;
using Attune.Storage;
using Attune.Suites;
using Microsoft.Extensions.AI;

namespace Attune.Running;

/// <summary>
/// Plans a matrix without calling any model: each cell's trials run against an in-process client that answers a short
/// placeholder and counts what is asked (requests, prompt characters, completion limits), and the store says what is
/// already done. Costs come from the price table for the requests still to ask.
/// </summary>
public static class MatrixPlanner
{
    /// <summary>Completion tokens assumed for a request that sets no limit.</summary>
    public const int AssumedOutputTokens = 300;

    /// <summary>The most completion tokens assumed for one request (a limit above it is rarely used in full).</summary>
    public const int MaxAssumedOutputTokens = 1000;

    /// <summary>
    /// What the planning client answers: a reply of a typical length (about 120 words) that keeps conversations going, so
    /// later turns carry a realistic history; it parses as no score, so suites that retry unusable answers show their
    /// retries under "at most".
    /// </summary>
    public static string PlaceholderAnswer { get; } = string.Join(" ", Enumerable.Repeat("I hear what you are saying, and I want to take a moment to think it through with you carefully.", 6));

    /// <summary>Plans every cell of a matrix.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="store">The store to look in (null: nothing stored yet).</param>
    /// <param name="prices">Prices for costs.</param>
    /// <param name="cancellationToken">Stops planning.</param>
    public static async Task<IReadOnlyList<CellPlan>> PlanAsync(MatrixFile matrix, IRunStore? store, PriceTable prices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(prices);
        var dryRuns = new Dictionary<string, DryRun>(StringComparer.Ordinal);
        var plans = new List<CellPlan>();
        foreach (var cell in matrix.Cells)
        {
            var suite = cell.Instance;
            var key = string.Join("\u001f", suite.Name, suite.ItemSetHash, suite.SettingsJson, string.Join(",", suite.Roles));
            if (!dryRuns.TryGetValue(key, out var dry)) dryRuns[key] = dry = await DryRunAsync(suite, cancellationToken).ConfigureAwait(false);
            RunRecord? stored = null;
            int done = 0, answers = 0;
            if (store is not null && await store.FindLatestRunAsync(cell.Definition.CommandKey, cancellationToken).ConfigureAwait(false) is { } run)
            {
                stored = run;
                var doneSet = await store.GetDoneTrialsAsync(run.Id, cancellationToken).ConfigureAwait(false);
                done = run.Status == RunStatus.Completed ? suite.TrialIds.Count : suite.TrialIds.Count(doneSet.Contains);
                answers = (await store.GetUsageAsync(run.Id, cancellationToken).ConfigureAwait(false)).Requests;
            }
            var plan = new CellPlan(cell, suite.TrialIds.Count, dry.Requests(), dry.MaxRequests, dry.Input(), dry.Output(), null, stored, done, answers);
            double? cost = null;
            foreach (var binding in cell.Roles)
            {
                if (prices.CostOf(binding.Model, (long)(plan.InputTokens.GetValueOrDefault(binding.Role) * plan.Remaining), (long)(plan.OutputTokens.GetValueOrDefault(binding.Role) * plan.Remaining)) is { } c)
                {
                    cost = (cost ?? 0) + c;
                }
            }
            plans.Add(plan with { Cost = cost });
        }
        return plans;
    }

    private static async Task<DryRun> DryRunAsync(ISuite suite, CancellationToken cancellationToken)
    {
        var dry = new DryRun();
        var clients = suite.Roles.ToDictionary(r => r, r => (IChatClient)new CountingClient(dry, r));
        foreach (var trial in suite.TrialIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await suite.RunTrialAsync(new PlanContext(trial, clients), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AttuneException or InvalidOperationException or FormatException or ArgumentException)
            {
                // a suite may give up on unusable answers: what it asked until then is counted
            }
        }
        return dry;
    }

    private sealed class DryRun
    {
        private readonly ConcurrentDictionary<ModelRole, long[]> _byRole = new();

        public int MaxRequests;

        public void Add(ModelRole role, bool first, long chars, long output)
        {
            Interlocked.Increment(ref MaxRequests);
            if (!first) return;
            var counts = _byRole.GetOrAdd(role, _ => new long[3]);
            Interlocked.Increment(ref counts[0]);
            Interlocked.Add(ref counts[1], (chars + 3) / 4);
            Interlocked.Add(ref counts[2], output);
        }

        public IReadOnlyDictionary<ModelRole, int> Requests() => _byRole.ToDictionary(kv => kv.Key, kv => (int)kv.Value[0]);

        public IReadOnlyDictionary<ModelRole, long> Input() => _byRole.ToDictionary(kv => kv.Key, kv => kv.Value[1]);

        public IReadOnlyDictionary<ModelRole, long> Output() => _byRole.ToDictionary(kv => kv.Key, kv => kv.Value[2]);
    }

    private sealed class CountingClient(DryRun dry, ModelRole role) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var tag = TrialTag.Of(options);
            long chars = messages.Sum(m => (long)(m.Text?.Length ?? 0));
            dry.Add(role, tag is null || tag.Attempt <= 1, chars, Math.Min(options?.MaxOutputTokens ?? AssumedOutputTokens, MaxAssumedOutputTokens));
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, PlaceholderAnswer)) { FinishReason = ChatFinishReason.Stop });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException("planning never streams");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class PlanContext(string trialId, IReadOnlyDictionary<ModelRole, IChatClient> clients) : ITrialContext
    {
        public string TrialId => trialId;

        public IChatClient Client(ModelRole role) => clients[role];
    }
}
