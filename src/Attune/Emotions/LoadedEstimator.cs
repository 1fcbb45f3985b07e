namespace Attune.Emotions;

/// <summary>An estimator loaded from an <see cref="EstimatorSpec"/>, with the length of text it reads and what it holds.</summary>
public sealed class LoadedEstimator : IDisposable
{
    private readonly IDisposable? _owner;

    internal LoadedEstimator(IEmotionEstimator estimator, int maxCharacters, IDisposable? owner)
    {
        Estimator = estimator;
        MaxCharacters = maxCharacters;
        _owner = owner;
    }

    /// <summary>The estimator.</summary>
    public IEmotionEstimator Estimator { get; }

    /// <summary>How many characters of a text the estimator reads; longer texts are cut (and reported as truncated).</summary>
    public int MaxCharacters { get; }

    /// <summary>Frees what the estimator holds (a model's client, an ONNX session); the shared built-in models stay loaded.</summary>
    public void Dispose() => _owner?.Dispose();
}
