using Attune.Storage;
using Attune.Suites;

namespace Attune.Running;

/// <summary>A finished run: its stored record (with metrics) and the scored result.</summary>
/// <param name="Run">The run as stored after finishing.</param>
/// <param name="Result">The scored result.</param>
/// <param name="Resumed">True when an unfinished run with the same definition was continued.</param>
public sealed record RunOutcome(RunRecord Run, ISuiteResult Result, bool Resumed);
