using Attune.Storage;
using Attune.Suites;

namespace Attune.Running;

/// <summary>One cell of a matrix: a model on a suite, with the suite created and the run it is (its definition).</summary>
/// <param name="Model">The model.</param>
/// <param name="Suite">The suite entry.</param>
/// <param name="Instance">The suite created for this model.</param>
/// <param name="Roles">The role bindings (model and endpoint per role).</param>
/// <param name="Definition">The run definition (its command key finds the cell's run in a store).</param>
public sealed record MatrixCell(MatrixModel Model, MatrixSuite Suite, ISuite Instance, IReadOnlyList<RoleBinding> Roles, RunDefinition Definition);
