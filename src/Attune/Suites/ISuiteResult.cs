namespace Attune.Suites;

/// <summary>A scored run of a suite.</summary>
public interface ISuiteResult
{
    /// <summary>The suite's name.</summary>
    string Suite { get; }

    /// <summary>The headline score.</summary>
    double Score { get; }

    /// <summary>How many answers could be scored (per iteration, averaged), when the suite counts it.</summary>
    double? Parseable { get; }

    /// <summary>True when the run failed a threshold the suite defines (exit code 1).</summary>
    bool FailedThreshold { get; }

    /// <summary>Writes the result as the suite's one JSON document.</summary>
    /// <param name="stream">Where to write (UTF-8).</param>
    /// <param name="model">The model spec to name, or null (offline scoring).</param>
    void WriteJson(Stream stream, string? model);
}
