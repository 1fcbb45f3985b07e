namespace Attune.Running;

/// <summary>A model of a matrix file.</summary>
/// <param name="Spec">The model spec (<c>provider:model</c>).</param>
/// <param name="BaseUrl">Its base URL, when given.</param>
/// <param name="Parallel">Trials (and requests) in flight at most.</param>
/// <param name="Line">Where it is declared (1-based).</param>
public sealed record MatrixModel(string Spec, string? BaseUrl, int Parallel, int Line);
