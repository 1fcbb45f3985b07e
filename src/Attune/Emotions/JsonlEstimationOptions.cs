namespace Attune.Emotions;

/// <summary>Options of <see cref="JsonlEstimation"/>.</summary>
public sealed class JsonlEstimationOptions
{
    /// <summary>The taxonomy to report in (default: the estimator's own).</summary>
    public Taxonomy? Target { get; init; }

    /// <summary>Lines estimated and written at a time at most.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Texts longer than this are marked <c>"truncated": true</c> (the estimator reads only this much).</summary>
    public int MaxCharacters { get; init; } = int.MaxValue;

    /// <summary>Spread a batch over the cores (the built-in estimator only).</summary>
    public bool Parallel { get; init; } = true;
}
