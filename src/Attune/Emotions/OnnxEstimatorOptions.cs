namespace Attune.Emotions;

/// <summary>Options for <see cref="OnnxEstimator.Load(string, OnnxEstimatorOptions)"/>.</summary>
public sealed class OnnxEstimatorOptions
{
    /// <summary>The default <see cref="BatchSize"/>.</summary>
    public const int DefaultBatchSize = 32;

    /// <summary>The largest default <see cref="MaxTokens"/>: 512 tokens, special tokens included.</summary>
    public const int DefaultMaxTokens = 512;

    /// <summary>How many texts go through the model in one run (padded to the longest among them); at least 1. Default 32.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>
    /// The maximum number of tokens of one text, special tokens included; longer texts are truncated. Null (the default)
    /// takes the smaller of <c>max_position_embeddings</c> from <c>config.json</c> and <see cref="DefaultMaxTokens"/>.
    /// </summary>
    public int? MaxTokens { get; set; }
}
