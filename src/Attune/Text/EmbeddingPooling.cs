namespace Attune.Text;

/// <summary>How <see cref="TextEncoder"/> turns a text's token states into one vector.</summary>
internal enum EmbeddingPooling
{
    /// <summary>The mean of the last layer's token states, L2-normalised (<see cref="TextEncoder.Dimensions"/> values; the sentence embedding).</summary>
    Mean,

    /// <summary><see cref="Mean"/> followed by the element-wise maximum of the last layer's token states (2 × <see cref="TextEncoder.Dimensions"/>).</summary>
    MeanMax,

    /// <summary>
    /// <see cref="Mean"/> followed by the L2-normalised mean token state of each of <see cref="TextEncoder.PooledLayers"/>
    /// ((1 + the number of those layers) × <see cref="TextEncoder.Dimensions"/>): inner layers keep more of the words than the sentence embedding.
    /// </summary>
    MeanLayers,
}
