using Attune.Chat;
using Attune.Storage;

namespace Attune.Running;

/// <summary>What one matrix cell will ask, estimated without calling any model, and what the store already holds of it.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Trials">Trials of the run.</param>
/// <param name="Requests">Requests per role when every answer is usable (first attempts only).</param>
/// <param name="MaxRequests">Requests when every answer needs every retry the suite allows.</param>
/// <param name="InputTokens">Estimated prompt tokens (characters ÷ 4) per role, first attempts.</param>
/// <param name="OutputTokens">Estimated completion tokens per role (the request's limit up to <see cref="MatrixPlanner.MaxAssumedOutputTokens"/>, else <see cref="MatrixPlanner.AssumedOutputTokens"/>).</param>
/// <param name="Cost">Estimated US$ for the requests still to ask, when prices.json prices at least one of its models.</param>
/// <param name="Stored">The newest run of the cell in the store, if any.</param>
/// <param name="TrialsDone">Trials of that run already done.</param>
/// <param name="StoredAnswers">Answers that run already holds.</param>
public sealed record CellPlan(
    MatrixCell Cell,
    int Trials,
    IReadOnlyDictionary<ModelRole, int> Requests,
    int MaxRequests,
    IReadOnlyDictionary<ModelRole, long> InputTokens,
    IReadOnlyDictionary<ModelRole, long> OutputTokens,
    double? Cost,
    RunRecord? Stored,
    int TrialsDone,
    int StoredAnswers)
{
    /// <summary>Requests over all roles (first attempts).</summary>
    public int TotalRequests => Requests.Values.Sum();

    /// <summary>The share of the work still to do (0 when the stored run is complete).</summary>
    public double Remaining => Stored?.Status == RunStatus.Completed ? 0 : Trials == 0 ? 0 : 1 - ((double)TrialsDone / Trials);
}
