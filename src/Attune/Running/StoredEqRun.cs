using System.Globalization;
using Attune.Models;
using Attune.Reporting;
using Attune.Storage;
using Attune.Suites.Eq;

namespace Attune.Running;

/// <summary>
/// An <c>eq</c> run backed by the run store: starts or resumes the run with the same definition, answers from the
/// store where it can, commits every new answer at once, records transport failures, and stores the scored result.
/// Rescoring reads only the store.
/// </summary>
public static class StoredEqRun
{
    /// <summary>The definition of an eq run (what makes two commands the same run).</summary>
    public static RunDefinition Define(EqSuite suite, ModelSpec model, string endpoint)
        => new(EqSuite.Name, ItemSetName(suite.Questions), suite.Questions.Hash, model.ToString(), endpoint, suite.Options.ToJson());

    private static string ItemSetName(EqQuestionSet set) => set.Source.StartsWith("builtin:", StringComparison.Ordinal) ? set.Source : Path.GetFullPath(set.Source);

    /// <summary>Runs (or resumes) the suite and returns the stored run id with the result.</summary>
    /// <param name="store">The store.</param>
    /// <param name="suite">The suite.</param>
    /// <param name="model">The model spec.</param>
    /// <param name="endpoint">The endpoint (never a key).</param>
    /// <param name="modelGateway">The gateway that reaches the model (with retries).</param>
    /// <param name="parallel">Requests in flight at most.</param>
    /// <param name="fresh">Ignore answers stored by earlier runs.</param>
    /// <param name="progress">Progress receiver.</param>
    /// <param name="onStart">Called with the run id and whether it resumed, before any request.</param>
    /// <param name="cancellationToken">Stops the run; it is marked interrupted and can be resumed.</param>
    public static async Task<(long RunId, EqResult Result)> RunAsync(
        RunStore store, EqSuite suite, ModelSpec model, string endpoint, ChatClientGateway modelGateway, int parallel, bool fresh,
        IProgress<RunProgress>? progress, Action<long, bool>? onStart, CancellationToken cancellationToken)
    {
        var (run, resumed) = store.StartOrResume(Define(suite, model, endpoint));
        onStart?.Invoke(run.Id, resumed);
        var gateway = new CachingGateway(modelGateway, store, run.Id, model.ToString(), endpoint, fresh);
        var runner = new TrialRunner(gateway, parallel, progress);
        void OnFailure(TransportFailure f)
        {
            store.SaveTransportFailure(run.Id, f);
            runner.OnTransportFailure(f);
        }
        modelGateway.TransportFailed += OnFailure;
        try
        {
            var result = await EqRun.RunAsync(suite, runner, cancellationToken).ConfigureAwait(false);
            store.Finish(run.Id, "completed", result.Primary.Score, result.Primary.Parseable, null);
            return (run.Id, result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            store.Finish(run.Id, "interrupted", null, null, "stopped by the user");
            throw;
        }
        catch (AttuneException ex)
        {
            store.Finish(run.Id, "failed", null, null, ex.Message);
            throw;
        }
        finally
        {
            modelGateway.TransportFailed -= OnFailure;
        }
    }

    /// <summary>The suite a stored eq run used, rebuilt from its settings (the item file must be unchanged).</summary>
    public static EqSuite SuiteOf(StoredRun run)
    {
        if (run.Suite != EqSuite.Name) throw new InputException($"run {run.Id}: suite \"{run.Suite}\" cannot be rescored by this build");
        var set = run.ItemSet == "builtin:attune-eq" ? EqQuestionSet.LoadBuiltIn() : EqQuestionSet.Load(run.ItemSet);
        if (set.Hash != run.ItemSetHash)
        {
            throw new InputException($"run {run.Id}: the item file {run.ItemSet} has changed since the run (hash differs); rescoring needs the same items");
        }
        return new EqSuite(set, EqSuiteOptions.FromJson(run.Settings));
    }

    /// <summary>The responses a stored run used, keyed as <see cref="EqSuite.Score"/> wants them.</summary>
    public static Dictionary<(string Id, int Iteration), IReadOnlyList<string>> Responses(RunStore store, long runId)
    {
        var map = new Dictionary<(string, int), IReadOnlyList<string>>();
        foreach (var (trial, texts) in store.TrialTexts(runId))
        {
            // trial ids are eq/<question id>/it<n>; question ids may contain '/'
            int slash = trial.LastIndexOf("/it", StringComparison.Ordinal);
            if (!trial.StartsWith("eq/", StringComparison.Ordinal) || slash < 3) continue;
            var id = trial[3..slash];
            if (int.TryParse(trial[(slash + 3)..], NumberStyles.None, CultureInfo.InvariantCulture, out var it)) map[(id, it)] = texts;
        }
        return map;
    }

    /// <summary>The result document of a stored run, recomputed from its stored responses (the store keeps answers, not derived documents).</summary>
    public static string ResultJson(RunStore store, StoredRun run)
    {
        var suite = SuiteOf(run);
        var result = suite.Score(Responses(store, run.Id));
        return EqJsonReport.Write(result, new EqJsonReport.Context(run.Model, suite.Questions.Source, suite.Options.Language, suite.Options.Revise));
    }

    /// <summary>Rescores a stored run from its stored responses (never asks the model) and saves the new result.</summary>
    public static EqResult Rescore(RunStore store, long runId)
    {
        var run = store.GetRun(runId) ?? throw new InputException($"run {runId}: no such run in {store.Path}");
        var suite = SuiteOf(run);
        var result = suite.Score(Responses(store, runId));
        store.Finish(runId, run.Status == "running" ? "interrupted" : run.Status, result.Primary.Score, result.Primary.Parseable, run.Error);
        return result;
    }
}
