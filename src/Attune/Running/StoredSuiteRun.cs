using Attune.Models;
using Attune.Storage;
using Attune.Suites;

namespace Attune.Running;

/// <summary>
/// A suite run backed by the run store: starts or resumes the run with the same definition, answers from the store
/// where it can, commits every new answer at once, records transport failures, and stores the headline figures.
/// Rescoring and reports read only the store.
/// </summary>
public static class StoredSuiteRun
{
    /// <summary>The definition of a run (what makes two commands the same run).</summary>
    public static RunDefinition Define(ISuite suite, ModelSpec model, string endpoint)
        => new(suite.Name, ItemSetName(suite.ItemSet), suite.ItemSetHash, model.ToString(), endpoint, suite.SettingsJson);

    private static string ItemSetName(string source) => source.StartsWith("builtin:", StringComparison.Ordinal) ? source : Path.GetFullPath(source);

    /// <summary>Runs (or resumes) a suite and returns the stored run id with the result.</summary>
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
    public static async Task<(long RunId, ISuiteResult Result)> RunAsync(
        RunStore store, ISuite suite, ModelSpec model, string endpoint, ChatClientGateway modelGateway, int parallel, bool fresh,
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
            var result = await SuiteRun.RunAsync(suite, runner, cancellationToken).ConfigureAwait(false);
            store.Finish(run.Id, "completed", result.Score, result.Parseable, null);
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

    /// <summary>The suite a stored run used, rebuilt from its settings (the item file must be unchanged).</summary>
    public static ISuite SuiteOf(StoredRun run) => SuiteCatalog.Rebuild(run.Suite, run.ItemSet, run.ItemSetHash, run.Settings, $"run {run.Id}");

    /// <summary>Scores a stored run from its stored responses (never asks the model).</summary>
    public static ISuiteResult Score(RunStore store, StoredRun run) => SuiteOf(run).Score(store.TrialTexts(run.Id));

    /// <summary>Rescores a stored run and saves the new headline figures.</summary>
    public static ISuiteResult Rescore(RunStore store, StoredRun run)
    {
        var result = Score(store, run);
        store.Finish(run.Id, run.Status == "running" ? "interrupted" : run.Status, result.Score, result.Parseable, run.Error);
        return result;
    }
}
